// CEpoll: the few Linux calls and constants Swift's Glibc module does not import
// (sys/epoll.h, accept4, eventfd, SOCK_* flags) plus an async-signal-safe wake-up
// for SIGTERM/SIGINT. Nothing here knows HTTP.
#ifndef CEPOLL_H
#define CEPOLL_H

#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>

/// One readiness event, unpacked (the kernel's struct epoll_event is packed on x86_64,
/// which Swift cannot import reliably).
typedef struct {
    uint32_t events;
    uint64_t data;
} cepoll_event;

extern const uint32_t CEPOLL_IN;
extern const uint32_t CEPOLL_OUT;
extern const uint32_t CEPOLL_ERR;
extern const uint32_t CEPOLL_HUP;
extern const uint32_t CEPOLL_RDHUP;
extern const uint32_t CEPOLL_ET;

extern const int CEPOLL_CTL_ADD;
extern const int CEPOLL_CTL_MOD;
extern const int CEPOLL_CTL_DEL;

extern const int CEPOLL_SOCK_NONBLOCK;
extern const int CEPOLL_SOCK_CLOEXEC;

/// epoll_create1(EPOLL_CLOEXEC).
int cepoll_create(void);
/// epoll_ctl with an unpacked event; `data` is returned verbatim by cepoll_wait.
int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// epoll_wait into an unpacked array; `max` is capped at 1024. Returns the count or -1/errno.
int cepoll_wait(int epfd, cepoll_event *events, int max, int timeout_ms);

/// accept4(2).
int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cepoll_eventfd(void);
/// Adds one to the eventfd counter (write of 8 bytes). Returns 0 or -1/errno.
int cepoll_eventfd_signal(int fd);

/// Installs SIGTERM and SIGINT handlers that set a flag and signal `wake_fd` (an eventfd).
/// Only async-signal-safe work happens in the handler. Returns 0 or -1/errno.
int cepoll_install_stop_signals(int wake_fd);
/// Unblocks SIGTERM and SIGINT in the calling thread (threads inherit the mask of their
/// creator, which may block them, e.g. a libdispatch worker).
int cepoll_unblock_stop_signals(void);
/// Restores the default SIGTERM/SIGINT dispositions and forgets the wake fd.
void cepoll_remove_stop_signals(void);
/// Returns the number of the stop signal received since installation (0 if none).
int cepoll_stop_signal_received(void);

/// pthread_mutex_init with PTHREAD_MUTEX_ADAPTIVE_NP (a GNU extension Swift cannot name).
int cepoll_mutex_init_adaptive(pthread_mutex_t *mutex);

/// Names the calling thread (visible in `top -H`); at most 15 bytes are kept.
void cepoll_set_thread_name(const char *name);

#endif
