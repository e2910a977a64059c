#ifndef MDME_CLDAP_SHIM_H
#define MDME_CLDAP_SHIM_H
#include <ldap.h>
#include <stdlib.h>
#include <sys/time.h>

/* Typed wrappers: ldap_set_option takes `const void *`, and some constants are casts Swift
   does not import. */

static inline int mdme_ldap_set_int(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

static inline int mdme_ldap_set_string(LDAP *ld, int option, const char *value) {
    return ldap_set_option(ld, option, value);
}

static inline int mdme_ldap_set_global_int(int option, int value) {
    return ldap_set_option(NULL, option, &value);
}

static inline int mdme_ldap_set_timeout(LDAP *ld, int option, long seconds) {
    struct timeval tv = { seconds, 0 };
    return ldap_set_option(ld, option, &tv);
}

static inline int mdme_ldap_set_referrals_off(LDAP *ld) {
    return ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
}

/* A simple bind (RFC 4513 section 5.1) of `dn` with `password`. */
static inline int mdme_ldap_simple_bind(LDAP *ld, const char *dn, const char *password, size_t length) {
    struct berval credentials;
    credentials.bv_val = (char *)password;
    credentials.bv_len = length;
    return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
}

/* A search with the scope given as base (0) or subtree (2), attributes NULL-terminated. */
static inline int mdme_ldap_search(LDAP *ld, const char *base, int subtree, const char *filter,
                                   char **attributes, long seconds, LDAPMessage **result) {
    struct timeval tv = { seconds, 0 };
    return ldap_search_ext_s(ld, base, subtree ? LDAP_SCOPE_SUBTREE : LDAP_SCOPE_BASE, filter, attributes, 0,
                             NULL, NULL, &tv, 2, result);
}

static inline int mdme_ldap_tls_protocol_min(void) { return LDAP_OPT_X_TLS_PROTOCOL_TLS1_2; }
#endif
