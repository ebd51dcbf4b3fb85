#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED
#include "benchmark_floors.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

static long long parse_file(int folder, const char *name, unsigned char *buffer, size_t capacity) {
    int descriptor = openat(folder, name, O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return 0;
    ssize_t length = read(descriptor, buffer, capacity);
    close(descriptor);
    if (length <= 0) return 0;
    yaml_parser_t parser;
    yaml_event_t event;
    long long events = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buffer, (size_t)length);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) break;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return events;
}

long long floor_parse_data_folder(const char *data_folder) {
    DIR *top = opendir(data_folder);
    if (top == NULL) return -1;
    size_t capacity = 64 * 1024 + 1;
    unsigned char *buffer = malloc(capacity);
    long long events = 0;
    struct dirent *workspace;
    while ((workspace = readdir(top)) != NULL) {
        if (workspace->d_name[0] == '.' || workspace->d_type != DT_DIR) continue;
        int folder = openat(dirfd(top), workspace->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (folder < 0) continue;
        DIR *files = fdopendir(folder);
        struct dirent *file;
        while ((file = readdir(files)) != NULL) {
            if (file->d_name[0] == '.') continue;
            events += parse_file(dirfd(files), file->d_name, buffer, capacity);
        }
        closedir(files);
    }
    closedir(top);
    free(buffer);
    return events;
}

struct floor_digest_table {
    uint8_t (*slots)[32];
    uint8_t *used;
    size_t mask;
};

static size_t slot_of(const uint8_t *digest, size_t mask) {
    uint64_t word;
    memcpy(&word, digest, sizeof word);
    return (size_t)word & mask;
}

floor_digest_table *floor_digest_table_create(const uint8_t *digests, size_t count) {
    size_t capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    floor_digest_table *table = malloc(sizeof *table);
    table->slots = calloc(capacity, 32);
    table->used = calloc(capacity, 1);
    table->mask = capacity - 1;
    for (size_t index = 0; index < count; index++) {
        const uint8_t *digest = digests + index * 32;
        size_t slot = slot_of(digest, table->mask);
        while (table->used[slot]) slot = (slot + 1) & table->mask;
        memcpy(table->slots[slot], digest, 32);
        table->used[slot] = 1;
    }
    return table;
}

void floor_digest_table_destroy(floor_digest_table *table) {
    free(table->slots);
    free(table->used);
    free(table);
}

static EVP_MD *fetched_sha256(void) {
    static __thread EVP_MD *digest;
    if (digest == NULL) digest = EVP_MD_fetch(NULL, "SHA256", NULL);
    return digest;
}

void floor_sha256(const char *bytes, size_t length, uint8_t *digest) {
    static __thread EVP_MD_CTX *context;
    if (context == NULL) context = EVP_MD_CTX_new();
    unsigned int size = 32;
    EVP_DigestInit_ex(context, fetched_sha256(), NULL);
    EVP_DigestUpdate(context, bytes, length);
    EVP_DigestFinal_ex(context, digest, &size);
}

int floor_verify(floor_digest_table *table, const char *token, size_t length, floor_digest_variant variant) {
    uint8_t digest[32];
    unsigned int size = 32;
    switch (variant) {
    case FLOOR_DIGEST_REUSED_FETCHED_CONTEXT: floor_sha256(token, length, digest); break;
    case FLOOR_DIGEST_ONE_SHOT_EVP: EVP_Digest(token, length, digest, &size, EVP_sha256(), NULL); break;
    case FLOOR_DIGEST_LEGACY_SHA256: SHA256((const unsigned char *)token, length, digest); break;
    case FLOOR_DIGEST_LOW_LEVEL: {
        SHA256_CTX context;
        SHA256_Init(&context);
        SHA256_Update(&context, token, length);
        SHA256_Final(digest, &context);
        break;
    }
    }
    for (size_t slot = slot_of(digest, table->mask); table->used[slot]; slot = (slot + 1) & table->mask) {
        if (memcmp(table->slots[slot], digest, 32) == 0) return 1;
    }
    return 0;
}

void floor_release_free_memory(void) {
    malloc_trim(0);
}
