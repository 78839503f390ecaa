/*
 * The practical ceiling for JPEG decoding on this machine: libjpeg-turbo (the library behind djpeg),
 * decoding files held in memory, one core, with djpeg's default settings (ISLOW IDCT, fancy upsampling,
 * 3-channel output). Spawning djpeg once per file would measure process start-up, not decoding.
 *
 * Built and run by `celeba-spark bench-preprocess` (gcc -O2 ... -ljpeg); usage:
 *   jpeg_decode_loop REPEATS FILE...
 * Prints one line per repeat: "<images> <wall seconds> <cpu seconds>"; the first (warm-up) pass is not printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jpeglib.h>

static double clock_seconds(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPEATS FILE...\n", argv[0]);
        return 2;
    }
    int repeats = atoi(argv[1]);
    int n = argc - 2;
    unsigned char **data = malloc(n * sizeof(unsigned char *));
    unsigned long *length = malloc(n * sizeof(unsigned long));
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f) { perror(argv[i + 2]); return 1; }
        fseek(f, 0, SEEK_END);
        length[i] = (unsigned long) ftell(f);
        rewind(f);
        data[i] = malloc(length[i]);
        if (fread(data[i], 1, length[i], f) != length[i]) { perror(argv[i + 2]); return 1; }
        fclose(f);
    }
    unsigned char *pixels = malloc(4096 * 4096 * 3);
    long checksum = 0;
    for (int r = -1; r < repeats; r++) {
        double wall = clock_seconds(CLOCK_MONOTONIC), cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
        for (int i = 0; i < n; i++) {
            struct jpeg_decompress_struct c;
            struct jpeg_error_mgr e;
            c.err = jpeg_std_error(&e);
            jpeg_create_decompress(&c);
            jpeg_mem_src(&c, data[i], length[i]);
            jpeg_read_header(&c, TRUE);
            jpeg_start_decompress(&c);
            int stride = c.output_width * c.output_components;
            while (c.output_scanline < c.output_height) {
                unsigned char *row = pixels + (size_t) c.output_scanline * stride;
                jpeg_read_scanlines(&c, &row, 1);
            }
            checksum += pixels[stride / 2];
            jpeg_finish_decompress(&c);
            jpeg_destroy_decompress(&c);
        }
        if (r >= 0) {
            printf("%d %.6f %.6f\n", n, clock_seconds(CLOCK_MONOTONIC) - wall,
                   clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu);
        }
    }
    return checksum < 0;
}
