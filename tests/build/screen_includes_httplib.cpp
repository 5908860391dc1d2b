// A screen that reaches for cpp-httplib: the system has <httplib.h>, the UI's wall comes first.
#include <httplib.h>
