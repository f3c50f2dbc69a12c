/*
 * egdbackend: the plain EGD server stunnel4 fronts in the benchmark (bench/run.sh), thread per connection
 * like ekeyd. Deliberately cheap so that stunnel's figures are stunnel's: it answers 0x00/0x01/0x02/0x04
 * from one block of random bytes read at start-up and discards 0x03. A benchmark stand-in for a hardware
 * daemon; never use it as an entropy source.
 *
 *   egdbackend PORT      (listens on 127.0.0.1:PORT; prints "listening" once ready)
 *
 * Build: gcc -O2 -o egdbackend egdbackend.c -lpthread
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* small stacks: the idle-memory run measures stunnel, and 10,000 threads must fit */
#define STACK_BYTES (64 * 1024)

static unsigned char block[256];

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static void *serve(void *arg) {
    int fd = (int) (long) arg;
    unsigned char in[4096 + 260], out[16 * 1024];
    size_t have = 0;
    for (;;) {
        ssize_t r = read(fd, in + have, sizeof in - have);
        if (r <= 0) break;
        have += (size_t) r;
        size_t pos = 0, o = 0;
        int bad = 0;
        while (pos < have) {
            unsigned char cmd = in[pos];
            size_t need = cmd == 0x01 || cmd == 0x02 ? 2 : cmd == 0x03 ? 4 : 1;
            if (cmd > 0x04) { bad = 1; break; }
            if (have - pos < need) break;
            if (cmd == 0x03) {
                size_t len = in[pos + 3];
                if (have - pos < 4 + len) break;
                pos += 4 + len;
                continue;
            }
            if (o + 260 > sizeof out) {   /* flush a full reply buffer */
                if (write_all(fd, out, o) != 0) { bad = 1; break; }
                o = 0;
            }
            if (cmd == 0x00) {
                out[o++] = 0; out[o++] = 0; out[o++] = 0x10; out[o++] = 0;
            } else if (cmd == 0x01) {
                out[o++] = in[pos + 1];
                memcpy(out + o, block, in[pos + 1]);
                o += in[pos + 1];
            } else if (cmd == 0x02) {
                memcpy(out + o, block, in[pos + 1]);
                o += in[pos + 1];
            } else {
                int n = snprintf((char *) out + o + 1, 32, "%d", (int) getpid());
                out[o] = (unsigned char) n;
                o += 1 + (size_t) n;
            }
            pos += need;
        }
        if (bad || (o > 0 && write_all(fd, out, o) != 0)) break;
        memmove(in, in + pos, have - pos);
        have -= pos;
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: egdbackend PORT\n");
        return 2;
    }
    FILE *r = fopen("/dev/urandom", "r");
    if (!r || fread(block, 1, sizeof block, r) != sizeof block) return 1;
    fclose(r);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *) &a, sizeof a) != 0 || listen(s, 4096) != 0) {
        perror("egdbackend");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, STACK_BYTES);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (;;) {
        int fd = accept(s, NULL, NULL);
        if (fd < 0) continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t t;
        if (pthread_create(&t, &attr, serve, (void *) (long) fd) != 0) close(fd);
    }
}
