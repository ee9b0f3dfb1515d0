/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw reads and writes for secrets.  They bypass stdio so that no copy of
 * a key is left behind in a buffer the tool cannot wipe.
 */
#ifndef ZTNET_FDIO_H
#define ZTNET_FDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Writes all of buf; false with errno set on failure. */
bool ztnet_write_all(int fd, const void *buf, size_t len);

/*
 * Reads until end of file or until buf is full; returns the number of
 * bytes read, or -1 with errno set.  A return of size means the input may
 * have been longer than buf.
 */
ssize_t ztnet_read_all(int fd, void *buf, size_t size);

/*
 * Reads the whole file at path (which may be /dev/stdin or a pipe) into
 * *text, a NUL-terminated buffer the caller wipes and frees.  Grown
 * buffers are wiped as they are left behind.  false with errno set on
 * failure.
 */
bool ztnet_read_file(const char *path, char **text, size_t *len);

#endif /* ZTNET_FDIO_H */
