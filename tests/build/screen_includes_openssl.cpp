// A screen that reaches for OpenSSL: the system has <openssl/ssl.h>, the UI's wall comes first.
#include <openssl/ssl.h>
