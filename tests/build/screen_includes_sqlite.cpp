// A screen that reaches for SQLite through SQLiteCpp.
#include <SQLiteCpp/Database.h>
