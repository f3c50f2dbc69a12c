/*
 * egdideal: the cheapest mTLS EGD server this benchmark can think of, to measure what the workload
 * allows on this machine rather than what any real server does. C, OpenSSL 3, TLS 1.3 only with the
 * same client verification as the agent and stunnel4 (a certificate from the CA is required),
 * non-blocking sockets on epoll, THREADS event loops (default 1), every read's replies written with one
 * SSL_write, read-ahead on (one recvfrom per batch of records). It answers 0x00/0x01/0x02/0x04 from one
 * block read at start-up and discards 0x03: no pool, no health tests, no conditioning, no limits, no
 * allowlist, no timeouts. With CONDITION 1 it also does the least entropy work an honest server must:
 * one SHA-512 of 72 bytes (the agent's conditioning at min-entropy 8) for every 64 bytes it serves, in the
 * serving thread (no hand-off; the digests are thrown away, the replies still come from the block). A
 * benchmark stand-in for an upper bound (bench/ideal.sh); never an entropy source, never a server to deploy.
 *
 *   egdideal PORT CERT KEY CA [THREADS [CONDITION]]   (listens on 127.0.0.1:PORT; prints "listening")
 *
 * Build: gcc -O2 -o egdideal egdideal.c -lssl -lcrypto -lpthread
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define IN_BYTES (16 * 1024 + 260)
#define OUT_BYTES (64 * 1024)

static unsigned char block[256];
static SSL_CTX *ctx;
static int listener;
static int condition;
static __thread unsigned char raw[72], digest[64];
static __thread size_t unconditioned;

/* the conditioning an honest server needs for n served bytes: one SHA-512 of 72 raw bytes per 64 */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void condition_for(size_t n) {
    unconditioned += n;
    while (unconditioned >= 64) {
        SHA512(raw, sizeof raw, digest);
        raw[0] ^= digest[0];   /* keeps the digest live */
        unconditioned -= 64;
    }
}

struct conn {
    int fd;
    SSL *ssl;
    int handshaken;
    size_t have, out_len;
    unsigned char in[IN_BYTES];
    unsigned char out[OUT_BYTES];
};

static void drop(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
}

/* Parse whole commands from c->in, append the replies to c->out. @return 0, or -1 on a bad command */
static int answer(struct conn *c) {
    size_t pos = 0, start = c->out_len;
    while (pos < c->have) {
        unsigned char cmd = c->in[pos];
        if (cmd > 0x04) return -1;
        size_t need = cmd == 0x01 || cmd == 0x02 ? 2 : cmd == 0x03 ? 4 : 1;
        if (c->have - pos < need) break;
        if (cmd == 0x03) {
            need = 4 + c->in[pos + 3];
            if (c->have - pos < need) break;
        } else if (c->out_len + 260 > OUT_BYTES) {
            break;   /* the rest waits until the replies so far are written */
        } else if (cmd == 0x00) {
            memcpy(c->out + c->out_len, "\0\0\x10\0", 4);
            c->out_len += 4;
        } else if (cmd == 0x01) {
            c->out[c->out_len++] = c->in[pos + 1];
            memcpy(c->out + c->out_len, block, c->in[pos + 1]);
            c->out_len += c->in[pos + 1];
        } else if (cmd == 0x02) {
            memcpy(c->out + c->out_len, block, c->in[pos + 1]);
            c->out_len += c->in[pos + 1];
        } else {
            int n = snprintf((char *) c->out + c->out_len + 1, 32, "%d", (int) getpid());
            c->out[c->out_len] = (unsigned char) n;
            c->out_len += 1 + (size_t) n;
        }
        pos += need;
    }
    if (condition) condition_for(c->out_len - start);
    memmove(c->in, c->in + pos, c->have - pos);
    c->have -= pos;
    return 0;
}

/* @return 0 to keep the connection, -1 to drop it */
static int on_ready(int ep, struct conn *c) {
    if (!c->handshaken) {
        int r = SSL_do_handshake(c->ssl);
        if (r != 1) {
            int e = SSL_get_error(c->ssl, r);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return -1;
            struct epoll_event ev = {.events = e == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN, .data.ptr = c};
            return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
        c->handshaken = 1;
    }
    for (;;) {
        /* everything that arrived is answered first, then one SSL_write carries the whole batch */
        if (c->out_len > 0 && (SSL_pending(c->ssl) == 0 || c->out_len + 260 > OUT_BYTES)) {
            int w = SSL_write(c->ssl, c->out, (int) c->out_len);
            if (w <= 0) {
                int e = SSL_get_error(c->ssl, w);
                if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) return -1;
                struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
                return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            }
            c->out_len = 0;
            if (answer(c) != 0) return -1;   /* commands left over from a full reply buffer */
            continue;
        }
        int r = SSL_read(c->ssl, c->in + c->have, (int) (IN_BYTES - c->have));
        if (r <= 0) {
            int e = SSL_get_error(c->ssl, r);
            if (e != SSL_ERROR_WANT_READ) return -1;
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
            return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
        c->have += (size_t) r;
        if (answer(c) != 0) return -1;
    }
}

static void *loop(void *arg) {
    (void) arg;
    int ep = epoll_create1(0), one = 1;
    struct epoll_event lev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) {
                int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
                if (fd < 0) continue;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                c = calloc(1, sizeof *c);
                c->fd = fd;
                c->ssl = SSL_new(ctx);
                SSL_set_fd(c->ssl, fd);
                SSL_set_accept_state(c->ssl);
                struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
            }
            if (on_ready(ep, c) != 0) drop(ep, c);
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 5 || argc > 7) {
        fprintf(stderr, "usage: egdideal PORT CERT KEY CA [THREADS [CONDITION]]\n");
        return 2;
    }
    int threads = argc >= 6 ? atoi(argv[5]) : 1;
    condition = argc == 7 && atoi(argv[6]) != 0;
    FILE *r = fopen("/dev/urandom", "r");
    if (!r || fread(block, 1, sizeof block, r) != sizeof block) return 1;
    fclose(r);
    ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);
    if (SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1 || SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(ctx, argv[4], NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &a, sizeof a) != 0 || listen(listener, 4096) != 0) {
        perror("egdideal");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    pthread_t t;
    for (int i = 1; i < threads; i++) pthread_create(&t, NULL, loop, NULL);
    loop(NULL);
    return 0;
}
