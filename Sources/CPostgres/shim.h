#ifndef CPOSTGRES_SHIM_H
#define CPOSTGRES_SHIM_H

// Debian installs libpq's headers under /usr/include/postgresql; pkg-config adds that
// directory to the search path, the fallback covers builds without pkg-config.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

// PG_DIAG_* are character-literal macros, which Swift does not import.
static inline const char *cpostgres_sqlstate(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}

static inline const char *cpostgres_primary_message(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
}

#endif
