// CZlib: zlib's header, for Spreadsheet's ZipArchive (raw inflate and CRC-32).
#ifndef WORKSAFE_CZLIB_SHIM_H
#define WORKSAFE_CZLIB_SHIM_H

#include <zlib.h>

#endif
