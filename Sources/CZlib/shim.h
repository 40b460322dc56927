// CZlib: zlib's header, for Spreadsheet's ZipArchive and WorkbookWriter (raw inflate and deflate, CRC-32).
#ifndef WORKSAFE_CZLIB_SHIM_H
#define WORKSAFE_CZLIB_SHIM_H

#include <zlib.h>

#endif
