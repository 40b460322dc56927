// CXLSXWriter: libxlsxwriter's public header, for Spreadsheet's WorkbookWriter.
#ifndef WORKSAFE_CXLSXWRITER_SHIM_H
#define WORKSAFE_CXLSXWRITER_SHIM_H

#include <xlsxwriter.h>

#endif
