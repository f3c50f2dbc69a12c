/*
 * egdload: an independent load generator for EGD over mutually-authenticated TLS (OpenSSL), so that no
 * benchmark figure of host-agent depends on a Java client. It measures one workload against one server
 * and prints one line of key=value figures, including the server's CPU (utime + stime of --server-pid
 * from /proc) and its own CPU (getrusage), so a client-bound figure shows as such.
 *
 *   egdload handshakes -p PORT -c CERT -k KEY -a CA [-T threads] [-t seconds] [-s PID] [--resume]
 *       T threads each loop: connect, full TLS 1.3 handshake, one 0x02 of 32 bytes, close.
 *       --resume offers the session ticket of the thread's previous connection (resumed= counts hits).
 *   egdload requests   -p PORT ... -n connections -w window [-t seconds] [-s PID] [-r bytes] [-o ms]
 *       n persistent connections (one thread each), each keeping `window` 0x02 requests of `bytes`
 *       (32) outstanding; the window is refilled once per TLS read. With -o a connection whose next
 *       reply is not complete within ms gives up as client-agent's request-timeout does: closes and
 *       reconnects (abandoned= counts them). bytes= is every reply byte received, partial ones too.
 *   egdload idle       -p PORT ... -n connections [-T opener threads] [-P probes] [-s PID]
 *       opens n connections (handshake + one 0x02 of 1 byte each) and keeps them open; prints the
 *       server's RSS before and after (per connection), then the latency of `probes` legitimate
 *       clients (full handshake + 0x02 32 + close, one after another) and of as many 0x02 32 on one
 *       established connection, and finally checks that every idle connection still answers.
 *       --hold-cmd CMD runs CMD (sh) while the connections are open, after the RSS was read.
 *   egdload storm      -p PORT ... -n connections [-T threads] [--resume] [--jitter]
 *       opens n connections (keeping each one's session), prints "opened", waits until the server closes
 *       them all (restart it meanwhile), then reconnects each (offering its session with --resume) until
 *       it is served a 0x02 again; with --jitter each client waits as client-agent's ReconnectBackoff does
 *       before each attempt (see backoff_delay), else it retries after 10 ms. Prints the time from the
 *       first close until all were served again.
 *
 * The client verifies the server's chain against CA (as every real client does), offers TLS 1.3 only
 * and sends its ECDSA P-256 certificate. Build: gcc -O2 -o egdload egdload.c -lssl -lcrypto -lpthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REPLY 32
#define MAX_WINDOW 255
#define MAX_THREADS 256

static SSL_CTX *ctx;
static int port;
static int server_pid;
static int resume;
static const char *hold_cmd;
static atomic_long ops, failed, resumed;
static atomic_int stop;
static char negotiated[128] = "?";
static pthread_mutex_t negotiated_lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double own_cpu(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* utime + stime of the server in seconds; 0 without --server-pid. */
static double server_cpu(void) {
    if (server_pid <= 0) return 0;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", server_pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    unsigned long ut = 0, st = 0;
    /* fields after the command: state(3) ... utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return 0;
    return (double) (ut + st) / sysconf(_SC_CLK_TCK);
}

static long server_rss_kb(void) {
    if (server_pid <= 0) return 0;
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", server_pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    long kb = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return kb;
}

static int tcp_connect(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *) &a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Connect and handshake; NULL on failure. `session` (may be NULL) is offered for resumption. */
static SSL *tls_connect(SSL_SESSION *session) {
    int fd = tcp_connect();
    if (fd < 0) return NULL;
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set1_host(ssl, "localhost");
    if (session) SSL_set_session(ssl, session);
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    if (negotiated[0] == '?') {
        pthread_mutex_lock(&negotiated_lock);
        snprintf(negotiated, sizeof negotiated, "%s/%s/%s", SSL_get_version(ssl), SSL_get_cipher_name(ssl),
                 SSL_group_to_name(ssl, SSL_get_negotiated_group(ssl)));
        pthread_mutex_unlock(&negotiated_lock);
    }
    return ssl;
}

static void tls_close(SSL *ssl) {
    int fd = SSL_get_fd(ssl);
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
}

static int read_exactly(SSL *ssl, int n) {
    unsigned char buf[256];
    int got = 0;
    while (got < n) {
        int r = SSL_read(ssl, buf, n - got < (int) sizeof buf ? n - got : (int) sizeof buf);
        if (r <= 0) return -1;
        got += r;
    }
    return 0;
}

static int egd_read(SSL *ssl, int n) {
    unsigned char req[2] = {0x02, (unsigned char) n};
    if (SSL_write(ssl, req, 2) != 2) return -1;
    return read_exactly(ssl, n);
}

static void *handshake_loop(void *arg) {
    (void) arg;
    SSL_SESSION *session = NULL;
    while (!atomic_load(&stop)) {
        SSL *ssl = tls_connect(resume ? session : NULL);
        if (!ssl) {
            atomic_fetch_add(&failed, 1);
            continue;
        }
        if (SSL_session_reused(ssl)) atomic_fetch_add(&resumed, 1);
        if (egd_read(ssl, REPLY) != 0) {
            atomic_fetch_add(&failed, 1);
        } else {
            atomic_fetch_add(&ops, 1);
            if (resume) {   /* TLS 1.3 tickets arrive after the handshake: taken once the reply was read */
                SSL_SESSION *s = SSL_get1_session(ssl);
                if (s && SSL_SESSION_is_resumable(s)) {
                    SSL_SESSION_free(session);
                    session = s;
                } else {
                    SSL_SESSION_free(s);
                }
            }
        }
        tls_close(ssl);
    }
    SSL_SESSION_free(session);
    return NULL;
}

static int window = 1;
static int request_bytes = REPLY;
static int reply_timeout_ms;
static atomic_long received_bytes, abandoned;

/* One connection with a full window of 0x02 requests; NULL on failure. With -o, reads time out. */
static SSL *request_connect(const unsigned char *batch) {
    SSL *ssl = tls_connect(NULL);
    if (!ssl) return NULL;
    if (reply_timeout_ms > 0) {
        struct timeval tv = {reply_timeout_ms / 1000, (reply_timeout_ms % 1000) * 1000};
        setsockopt(SSL_get_fd(ssl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    if (SSL_write(ssl, batch, 2 * window) != 2 * window) {
        tls_close(ssl);
        return NULL;
    }
    return ssl;
}

static void *request_loop(void *arg) {
    (void) arg;
    unsigned char batch[2 * MAX_WINDOW];
    for (int i = 0; i < window; i++) {
        batch[2 * i] = 0x02;
        batch[2 * i + 1] = (unsigned char) request_bytes;
    }
    SSL *ssl = request_connect(batch);
    if (!ssl) {
        atomic_fetch_add(&failed, 1);
        return NULL;
    }
    unsigned char buf[16384];
    long partial = 0;
    while (!atomic_load(&stop)) {
        int r = SSL_read(ssl, buf, sizeof buf);
        if (r <= 0) {
            if (atomic_load(&stop)) break;
            if (reply_timeout_ms <= 0) {
                atomic_fetch_add(&failed, 1);
                break;
            }
            /* gave up on the reply (or lost the connection): close without close_notify, start afresh */
            atomic_fetch_add(&abandoned, 1);
            int fd = SSL_get_fd(ssl);
            SSL_free(ssl);
            close(fd);
            partial = 0;
            while (!(ssl = request_connect(batch))) {   /* refused (e.g. a handshake cap): a client retries */
                atomic_fetch_add(&failed, 1);
                if (atomic_load(&stop)) return NULL;
                usleep(100000);
            }
            continue;
        }
        atomic_fetch_add(&received_bytes, r);
        partial += r;
        int n = (int) (partial / request_bytes);
        partial %= request_bytes;
        if (n > 0) {
            atomic_fetch_add(&ops, n);
            if (SSL_write(ssl, batch, 2 * n) != 2 * n) break;   /* n <= window: one record */
        }
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p) {
    int i = (int) (p * (n - 1) + 0.5);
    return v[i];
}

struct opener {
    SSL **conns;
    int from, to;
    atomic_long *established;
};

static void *open_idle(void *arg) {
    struct opener *o = arg;
    for (int i = o->from; i < o->to; i++) {
        SSL *ssl = tls_connect(NULL);
        if (ssl && egd_read(ssl, 1) == 0) {
            o->conns[i] = ssl;
            atomic_fetch_add(o->established, 1);
        } else {
            if (ssl) tls_close(ssl);
            o->conns[i] = NULL;
            atomic_fetch_add(&failed, 1);
        }
    }
    return NULL;
}

struct storm_share {
    SSL **conns;
    SSL_SESSION **sessions;
    int from, to;
};
static int jitter;
static double first_close = 0, last_served = 0;
static double *served_after;
static pthread_mutex_t storm_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long attempts;

/* client-agent's transport backoff, replayed exactly (egd-link ReconnectBackoff + Backoff, constants from
 * client-agent UpstreamSettings): the n-th failure in a row waits a random time in [d/2, d],
 * d = min(BACKOFF_MAX, BACKOFF_INITIAL * 2^(n-1)); while less than RESTART_WINDOW has passed since the host
 * last served, d is also capped at RESTART_BACKOFF_MAX; after the window the schedule resumes at the step
 * whose full waits fit into the time since the host last served (never beyond n). */
#define BACKOFF_INITIAL 0.25
#define BACKOFF_MAX 20.0
#define RESTART_WINDOW 10.0
#define RESTART_BACKOFF_MAX 1.0

static double backoff_nominal(long failures) {
    double d = BACKOFF_INITIAL * (double) (1L << (failures - 1 < 30 ? failures - 1 : 30));
    return d > BACKOFF_MAX ? BACKOFF_MAX : d;
}

static long backoff_failures_within(double elapsed) {   /* Backoff.failuresWithin */
    double sum = 0;
    for (long n = 0;; n++) {
        double d = backoff_nominal(n + 1);
        if (d >= BACKOFF_MAX) return n + (long) ((elapsed - sum) / d);
        if (elapsed - sum < d) return n;
        sum += d;
    }
}

static double backoff_delay(int failures, double since_served) {
    double d;
    if (since_served < RESTART_WINDOW) {
        d = backoff_nominal(failures);
        if (d > RESTART_BACKOFF_MAX) d = RESTART_BACKOFF_MAX;
    } else {
        long within = backoff_failures_within(since_served);
        d = backoff_nominal(failures < within + 1 ? failures : within + 1);
    }
    return d / 2 + (d / 2) * ((double) rand() / RAND_MAX);
}

static void *storm_open(void *arg) {
    struct storm_share *s = arg;
    for (int i = s->from; i < s->to; i++) {
        SSL *ssl = tls_connect(NULL);
        if (!ssl || egd_read(ssl, 1) != 0) {
            fprintf(stderr, "egdload: storm connection %d failed to open\n", i);
            exit(1);
        }
        s->conns[i] = ssl;
        /* The ticket came with the reply. A copy: OpenSSL marks the connection's own session not
         * resumable when the connection later ends without close_notify (the restart). */
        SSL_SESSION *own = SSL_get1_session(ssl);
        s->sessions[i] = SSL_SESSION_dup(own);
        SSL_SESSION_free(own);
    }
    return NULL;
}

static void *storm_wait_and_reconnect(void *arg) {
    struct storm_share *s = arg;
    unsigned char b[16];
    int n = s->to - s->from, left = n;
    double *next = calloc(n, sizeof *next);
    double *lost = calloc(n, sizeof *lost);   /* when the host last served each client */
    int *failures = calloc(n, sizeof *failures);
    for (int i = s->from; i < s->to; i++) {   /* the restart closes them all */
        while (SSL_read(s->conns[i], b, sizeof b) > 0) {
        }
        double t = now();
        lost[i - s->from] = t;
        pthread_mutex_lock(&storm_lock);
        if (first_close == 0 || t < first_close) first_close = t;
        pthread_mutex_unlock(&storm_lock);
        int fd = SSL_get_fd(s->conns[i]);
        SSL_free(s->conns[i]);
        close(fd);
        s->conns[i] = NULL;
    }
    double start = now();
    for (int k = 0; k < n; k++) {   /* the loss is the first failure, as in client-agent */
        failures[k] = 1;
        next[k] = jitter ? lost[k] + backoff_delay(1, 0) : start;
    }
    while (left > 0) {
        int k = -1;
        for (int j = 0; j < n; j++) {
            if (next[j] >= 0 && (k < 0 || next[j] < next[k])) k = j;
        }
        double wait = next[k] - now();
        if (wait > 0) usleep((useconds_t) (wait * 1e6));
        atomic_fetch_add(&attempts, 1);
        int i = s->from + k;
        SSL *ssl = tls_connect(resume ? s->sessions[i] : NULL);
        if (ssl && egd_read(ssl, 1) == 0) {
            if (SSL_session_reused(ssl)) atomic_fetch_add(&resumed, 1);
            s->conns[i] = ssl;   /* stays open, as a client's would */
            double t = now();
            pthread_mutex_lock(&storm_lock);
            served_after[i] = t;
            if (t > last_served) last_served = t;
            pthread_mutex_unlock(&storm_lock);
            next[k] = -1;
            left--;
        } else {
            if (ssl) tls_close(ssl);
            atomic_fetch_add(&failed, 1);
            failures[k]++;
            double t = now();
            next[k] = t + (jitter ? backoff_delay(failures[k], t - lost[k]) : 0.01);
        }
    }
    free(next);
    free(lost);
    free(failures);
    return NULL;
}

static void usage(void) {
    fprintf(stderr, "usage: egdload handshakes|requests|idle -p PORT -c CERT -k KEY -a CA [-T threads] [-n conns]"
                    " [-w window] [-r request-bytes] [-o reply-timeout-ms] [-t seconds] [-s server-pid] [-P probes]"
                    " [--resume] [--jitter] [--hold-cmd CMD]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    const char *mode = argv[1];
    const char *cert = NULL, *key = NULL, *ca = NULL;
    int threads = 2, conns = 4, seconds = 5, probes = 200;
    static struct option longopts[] = {{"resume", no_argument, NULL, 'R'}, {"hold-cmd", required_argument, NULL, 'H'},
                                       {"jitter", no_argument, NULL, 'J'}, {0, 0, 0, 0}};
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "p:c:k:a:T:n:w:t:s:P:r:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': port = atoi(optarg); break;
        case 'c': cert = optarg; break;
        case 'k': key = optarg; break;
        case 'a': ca = optarg; break;
        case 'T': threads = atoi(optarg); break;
        case 'n': conns = atoi(optarg); break;
        case 'w': window = atoi(optarg); break;
        case 't': seconds = atoi(optarg); break;
        case 's': server_pid = atoi(optarg); break;
        case 'P': probes = atoi(optarg); break;
        case 'r': request_bytes = atoi(optarg); break;
        case 'o': reply_timeout_ms = atoi(optarg); break;
        case 'R': resume = 1; break;
        case 'H': hold_cmd = optarg; break;
        case 'J': jitter = 1; break;
        default: usage();
        }
    }
    if (!port || !cert || !key || !ca || window < 1 || window > MAX_WINDOW || threads < 1 || threads > MAX_THREADS
        || request_bytes < 1 || request_bytes > 255 || reply_timeout_ms < 0) usage();

    struct rlimit rl;   /* idle connections: as many descriptors as the hard limit allows */
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    /* no client session cache: only --resume offers a ticket, and only the thread's own last one */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

    pthread_t tids[MAX_THREADS];
    if (strcmp(mode, "handshakes") == 0 || strcmp(mode, "requests") == 0) {
        int hs = mode[0] == 'h';
        int n = hs ? threads : conns;
        if (n > MAX_THREADS) usage();
        for (int i = 0; i < n; i++) pthread_create(&tids[i], NULL, hs ? handshake_loop : request_loop, NULL);
        usleep(hs ? 0 : 300000);   /* requests: let the windows fill before the measured interval */
        long o0 = atomic_load(&ops), r0 = atomic_load(&resumed);
        double t0 = now(), s0 = server_cpu(), c0 = own_cpu();
        usleep(seconds * 1000000);
        long o1 = atomic_load(&ops), r1 = atomic_load(&resumed);
        double t1 = now(), s1 = server_cpu(), c1 = own_cpu();
        atomic_store(&stop, 1);
        if (hs) {
            for (int i = 0; i < n; i++) pthread_join(tids[i], NULL);
        }
        double secs = t1 - t0;
        long done = o1 - o0;
        printf("mode=%s%s threads=%d conns=%d window=%d seconds=%.2f ops=%ld rate=%.1f server_cpu_s=%.2f "
               "server_us_per_op=%.2f client_cpu_pct=%.0f failed=%ld resumed=%ld request_bytes=%d bytes=%ld abandoned=%ld "
               "negotiated=%s\n",
               mode, resume ? "-resume" : "", hs ? threads : 1, hs ? 0 : conns, hs ? 0 : window, secs, done, done / secs,
               s1 - s0, done ? 1e6 * (s1 - s0) / done : 0, 100 * (c1 - c0) / secs, atomic_load(&failed), r1 - r0,
               hs ? REPLY : request_bytes, atomic_load(&received_bytes) + (hs ? REPLY * atomic_load(&ops) : 0),
               atomic_load(&abandoned), negotiated);
        fflush(stdout);
        _exit(done > 0 ? 0 : 1);   /* request threads may sit in SSL_read: no join */
    } else if (strcmp(mode, "idle") == 0) {
        SSL **all = calloc(conns, sizeof *all);
        atomic_long established = 0;
        usleep(2000000);   /* benchmark: let the server settle before its RSS is read */
        long rss0 = server_rss_kb();
        double s0 = server_cpu(), t0 = now();
        struct opener op[MAX_THREADS];
        for (int i = 0; i < threads; i++) {
            op[i] = (struct opener){all, (int) ((long) conns * i / threads), (int) ((long) conns * (i + 1) / threads), &established};
            pthread_create(&tids[i], NULL, open_idle, &op[i]);
        }
        for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
        double opened = now() - t0, open_cpu = server_cpu() - s0;
        usleep(2000000);
        long rss1 = server_rss_kb();
        if (hold_cmd) {   /* e.g. a heap census of the server while the connections are open */
            fflush(stdout);
            if (system(hold_cmd) != 0) fprintf(stderr, "egdload: --hold-cmd failed\n");
        }
        long rss2 = server_rss_kb();
        double i0 = server_cpu(), it0 = now();
        usleep(5000000);   /* what idle connections cost the server while nothing is asked */
        double idle_ms_per_s = 1000 * (server_cpu() - i0) / (now() - it0);
        double *lat = calloc(probes, sizeof *lat), *req = calloc(probes, sizeof *req);
        int ok = 0, rok = 0;
        for (int i = 0; i < probes; i++) {
            double a = now();
            SSL *ssl = tls_connect(NULL);
            if (ssl && egd_read(ssl, REPLY) == 0) lat[ok++] = 1000 * (now() - a);
            if (ssl) tls_close(ssl);
        }
        SSL *legit = tls_connect(NULL);
        for (int i = 0; legit && i < probes; i++) {
            double a = now();
            if (egd_read(legit, REPLY) == 0) req[rok++] = 1000 * (now() - a);
        }
        if (legit) tls_close(legit);
        qsort(lat, ok, sizeof *lat, cmp_double);
        qsort(req, rok, sizeof *req, cmp_double);
        long answered = 0;
        for (int i = 0; i < conns; i++) {
            if (all[i] && egd_read(all[i], 1) == 0) answered++;
        }
        long est = atomic_load(&established);
        printf("mode=idle conns=%d established=%ld refused=%ld open_seconds=%.1f server_cpu_open_s=%.2f "
               "server_rss_before_kb=%ld server_rss_after_kb=%ld rss_kb_per_conn=%.1f server_rss_after_hold_cmd_kb=%ld server_idle_cpu_ms_per_s=%.1f "
               "probe_handshake_ms_p50=%.2f probe_handshake_ms_p99=%.2f probe_ok=%d/%d "
               "request_ms_p50=%.3f request_ms_p99=%.3f answered_after=%ld negotiated=%s\n",
               conns, est, conns - est, opened, open_cpu, rss0, rss1, est ? (double) (rss1 - rss0) / est : 0, rss2, idle_ms_per_s,
               ok ? pct(lat, ok, 0.5) : -1, ok ? pct(lat, ok, 0.99) : -1, ok, probes,
               rok ? pct(req, rok, 0.5) : -1, rok ? pct(req, rok, 0.99) : -1, answered, negotiated);
        fflush(stdout);
        _exit(est == conns && answered == est ? 0 : 1);
    } else if (strcmp(mode, "storm") == 0) {
        struct storm_share sh[MAX_THREADS];
        SSL **all = calloc(conns, sizeof *all);
        SSL_SESSION **sessions = calloc(conns, sizeof *sessions);
        served_after = calloc(conns, sizeof *served_after);
        srand((unsigned) getpid());
        double t0 = now();
        for (int i = 0; i < threads; i++) {
            sh[i] = (struct storm_share){all, sessions, (int) ((long) conns * i / threads), (int) ((long) conns * (i + 1) / threads)};
            pthread_create(&tids[i], NULL, storm_open, &sh[i]);
        }
        for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
        printf("opened %d in %.1f s, server RSS %ld KB\n", conns, now() - t0, server_rss_kb());
        fflush(stdout);
        for (int i = 0; i < threads; i++) pthread_create(&tids[i], NULL, storm_wait_and_reconnect, &sh[i]);
        for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
        double *lat = calloc(conns, sizeof *lat);
        for (int i = 0; i < conns; i++) lat[i] = served_after[i] - first_close;
        qsort(lat, conns, sizeof *lat, cmp_double);
        printf("mode=storm%s%s conns=%d threads=%d all_served_after_s=%.2f p50_s=%.2f p99_s=%.2f first_served_s=%.2f "
               "attempts=%ld failed_attempts=%ld resumed=%ld negotiated=%s\n",
               resume ? "-resume" : "-full", jitter ? "-jitter" : "-immediate", conns, threads, last_served - first_close,
               pct(lat, conns, 0.5), pct(lat, conns, 0.99), lat[0], atomic_load(&attempts), atomic_load(&failed),
               atomic_load(&resumed), negotiated);
        fflush(stdout);
        _exit(0);
    }
    usage();
    return 2;
}
