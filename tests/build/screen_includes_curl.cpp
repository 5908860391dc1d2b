// A screen that reaches for libcurl: the system has <curl/curl.h>, the UI's wall comes first.
#include <curl/curl.h>
