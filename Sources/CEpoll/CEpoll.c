#define _GNU_SOURCE
#include "CEpoll.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <unistd.h>

const uint32_t CEPOLL_IN = EPOLLIN;
const uint32_t CEPOLL_OUT = EPOLLOUT;
const uint32_t CEPOLL_ERR = EPOLLERR;
const uint32_t CEPOLL_HUP = EPOLLHUP;
const uint32_t CEPOLL_RDHUP = EPOLLRDHUP;
const uint32_t CEPOLL_ET = EPOLLET;

const int CEPOLL_CTL_ADD = EPOLL_CTL_ADD;
const int CEPOLL_CTL_MOD = EPOLL_CTL_MOD;
const int CEPOLL_CTL_DEL = EPOLL_CTL_DEL;

const int CEPOLL_SOCK_NONBLOCK = SOCK_NONBLOCK;
const int CEPOLL_SOCK_CLOEXEC = SOCK_CLOEXEC;

int cepoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int cepoll_wait(int epfd, cepoll_event *events, int max, int timeout_ms) {
    struct epoll_event raw[1024];
    if (max > 1024) max = 1024;
    if (max < 1) max = 1;
    int n = epoll_wait(epfd, raw, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        events[i].events = raw[i].events;
        events[i].data = raw[i].data.u64;
    }
    return n;
}

int cepoll_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int cepoll_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int cepoll_eventfd_signal(int fd) {
    uint64_t one = 1;
    for (;;) {
        ssize_t n = write(fd, &one, sizeof one);
        if (n == (ssize_t)sizeof one) return 0;
        if (n < 0 && errno == EINTR) continue;
        // EAGAIN: the counter is saturated, so the reader is already due to wake.
        if (n < 0 && errno == EAGAIN) return 0;
        return -1;
    }
}

static volatile sig_atomic_t stop_wake_fd = -1;
static volatile sig_atomic_t stop_signal = 0;

static void stop_handler(int signo) {
    int saved = errno;
    stop_signal = signo;
    int fd = stop_wake_fd;
    if (fd >= 0) {
        uint64_t one = 1;
        ssize_t ignored = write(fd, &one, sizeof one);
        (void)ignored;
    }
    errno = saved;
}

int cepoll_install_stop_signals(int wake_fd) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stop_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    stop_signal = 0;
    stop_wake_fd = wake_fd;
    if (sigaction(SIGTERM, &sa, NULL) != 0) return -1;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    return 0;
}

int cepoll_unblock_stop_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void cepoll_remove_stop_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    stop_wake_fd = -1;
}

int cepoll_stop_signal_received(void) {
    return stop_signal;
}

void cepoll_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

int cepoll_mutex_init_adaptive(pthread_mutex_t *mutex) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    int rc = pthread_mutex_init(mutex, &attr);
    pthread_mutexattr_destroy(&attr);
    return rc;
}
