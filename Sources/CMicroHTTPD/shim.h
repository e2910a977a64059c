#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic, which Swift cannot call: these wrappers pass
   the fixed option set the server uses. The address is copied by MHD while
   binding, so it only has to live for the duration of the call. */
static inline struct MHD_Daemon *
cmhd_start_daemon(unsigned int flags,
                  MHD_AccessHandlerCallback handler, void *handler_cls,
                  MHD_RequestCompletedCallback completed, void *completed_cls,
                  unsigned int thread_pool_size,
                  unsigned int connection_timeout_seconds,
                  unsigned int connection_limit,
                  const struct sockaddr_in *address)
{
    return MHD_start_daemon(flags, ntohs(address->sin_port), NULL, NULL,
                            handler, handler_cls,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_SOCK_ADDR, (const struct sockaddr *) address,
                            MHD_OPTION_END);
}

/* The TLS variant; `flags` must include MHD_USE_TLS. Key and certificate are
   PEM text; priorities is a GnuTLS priority string. */
static inline struct MHD_Daemon *
cmhd_start_tls_daemon(unsigned int flags,
                      MHD_AccessHandlerCallback handler, void *handler_cls,
                      MHD_RequestCompletedCallback completed, void *completed_cls,
                      unsigned int thread_pool_size,
                      unsigned int connection_timeout_seconds,
                      unsigned int connection_limit,
                      const struct sockaddr_in *address,
                      const char *key_pem,
                      const char *certificate_pem,
                      const char *priorities)
{
    return MHD_start_daemon(flags, ntohs(address->sin_port), NULL, NULL,
                            handler, handler_cls,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_SOCK_ADDR, (const struct sockaddr *) address,
                            MHD_OPTION_HTTPS_MEM_KEY, key_pem,
                            MHD_OPTION_HTTPS_MEM_CERT, certificate_pem,
                            MHD_OPTION_HTTPS_PRIORITIES, priorities,
                            MHD_OPTION_END);
}

/* MHD_get_daemon_info is variadic. Returns 0 when the port is unknown. */
static inline uint16_t
cmhd_bound_port(struct MHD_Daemon *daemon)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/* MHD_get_connection_info is variadic. Writes the peer's textual IP into
   `buffer` and returns 1, or returns 0 when it is unavailable. */
static inline int
cmhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) {
        return 0;
    }
    const struct sockaddr *address = info->client_addr;
    const void *raw = NULL;
    if (address->sa_family == AF_INET) {
        raw = &((const struct sockaddr_in *) address)->sin_addr;
    } else if (address->sa_family == AF_INET6) {
        raw = &((const struct sockaddr_in6 *) address)->sin6_addr;
    } else {
        return 0;
    }
    return inet_ntop(address->sa_family, raw, buffer, size) == NULL ? 0 : 1;
}

#endif
