/*
 * Reference loop for `centinela yara bench`: the most direct use of libyara from C, to compare the Java binding
 * against. Loads rules saved by the binding (yr_rules_save), scans one buffer in a loop on N threads (one
 * YR_SCANNER each, same flags as the binding), and prints per-thread CPU time (CLOCK_THREAD_CPUTIME_ID).
 * Built at bench time with gcc against libyara.so.9; the prototypes are declared here so no -dev package is needed.
 *
 * usage: yara_ref RULES_FILE BUFFER_FILE THREADS SECONDS
 * output: one line per thread: "thread <i> scans <n> cpu_ns <ns> matches <m>"
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct YR_RULES YR_RULES;
typedef struct YR_SCANNER YR_SCANNER;
typedef struct YR_SCAN_CONTEXT YR_SCAN_CONTEXT;
typedef int (*YR_CALLBACK_FUNC)(YR_SCAN_CONTEXT*, int, void*, void*);

int yr_initialize(void);
int yr_finalize(void);
int yr_rules_load(const char* filename, YR_RULES** rules);
int yr_rules_destroy(YR_RULES* rules);
int yr_scanner_create(YR_RULES* rules, YR_SCANNER** scanner);
void yr_scanner_destroy(YR_SCANNER* scanner);
void yr_scanner_set_callback(YR_SCANNER* scanner, YR_CALLBACK_FUNC callback, void* user_data);
void yr_scanner_set_flags(YR_SCANNER* scanner, int flags);
void yr_scanner_set_timeout(YR_SCANNER* scanner, int timeout);
int yr_scanner_scan_mem(YR_SCANNER* scanner, const uint8_t* buffer, size_t buffer_size);

#define CALLBACK_MSG_RULE_MATCHING 1
#define SCAN_FLAGS_NO_TRYCATCH 4
#define SCAN_FLAGS_REPORT_RULES_MATCHING 8

static YR_RULES* rules;
static uint8_t* buffer;
static size_t buffer_size;
static double seconds;

typedef struct { long scans; long long cpu_ns; long matches; } result_t;

static int callback(YR_SCAN_CONTEXT* ctx, int message, void* data, void* user) {
  if (message == CALLBACK_MSG_RULE_MATCHING) ((result_t*) user)->matches++;
  return 0;
}

static long long now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void* run(void* arg) {
  result_t* r = (result_t*) arg;
  YR_SCANNER* scanner;
  if (yr_scanner_create(rules, &scanner) != 0) { fprintf(stderr, "yr_scanner_create failed\n"); exit(2); }
  yr_scanner_set_callback(scanner, callback, r);
  yr_scanner_set_timeout(scanner, 5);
  long long wall_end = now_ns(CLOCK_MONOTONIC) + (long long) (seconds * 1e9);
  long long cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
  while (now_ns(CLOCK_MONOTONIC) < wall_end) {
    for (int i = 0; i < 16; i++) {
      yr_scanner_set_flags(scanner, SCAN_FLAGS_NO_TRYCATCH | SCAN_FLAGS_REPORT_RULES_MATCHING);
      if (yr_scanner_scan_mem(scanner, buffer, buffer_size) != 0) { fprintf(stderr, "scan failed\n"); exit(2); }
      r->scans++;
    }
  }
  r->cpu_ns = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  yr_scanner_destroy(scanner);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 5) { fprintf(stderr, "usage: yara_ref RULES BUFFER THREADS SECONDS\n"); return 2; }
  int threads = atoi(argv[3]);
  seconds = atof(argv[4]);
  FILE* f = fopen(argv[2], "rb");
  if (!f) { perror(argv[2]); return 2; }
  fseek(f, 0, SEEK_END); buffer_size = ftell(f); fseek(f, 0, SEEK_SET);
  buffer = malloc(buffer_size + 1);
  if (fread(buffer, 1, buffer_size, f) != buffer_size) { perror("read"); return 2; }
  fclose(f);
  if (yr_initialize() != 0 || yr_rules_load(argv[1], &rules) != 0) { fprintf(stderr, "cannot load rules\n"); return 2; }
  pthread_t tid[64];
  result_t res[64] = {0};
  if (threads < 1 || threads > 64) return 2;
  for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, run, &res[i]);
  for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
  for (int i = 0; i < threads; i++)
    printf("thread %d scans %ld cpu_ns %lld matches %ld\n", i, res[i].scans, res[i].cpu_ns, res[i].matches);
  yr_rules_destroy(rules);
  yr_finalize();
  return 0;
}
