/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pieces of text that `show`, its field views and `showconf` share,
 * written exactly as wg(8) writes them.  Each fills a caller's buffer.
 */
#ifndef ZTNET_FORMAT_H
#define ZTNET_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"

/* "[host]:port" for IPv6, "host:port" for IPv4; hosts stay numeric. */
#define ZTNET_ENDPOINT_STRLEN	(INET6_ADDRSTRLEN + IFNAMSIZ + 16)
/* "address/cidr" */
#define ZTNET_ALLOWEDIP_STRLEN	(INET6_ADDRSTRLEN + 5)

/*
 * Writes the endpoint, or why it cannot be written, as wg does; returns
 * false if there is no IPv4 or IPv6 endpoint.
 */
bool ztnet_format_endpoint(char *buf, size_t size,
			   const union ztnet_endpoint *endpoint);

void ztnet_format_allowedip(char buf[ZTNET_ALLOWEDIP_STRLEN],
			    const struct ztnet_allowedip *ip);

/* "1 year, 2 days, 3 hours, 4 minutes, 5 seconds", units that are 0 left out. */
void ztnet_format_duration(char *buf, size_t size, uint64_t seconds);

/* "512 B", "1.50 KiB", ... "2.00 TiB". */
void ztnet_format_bytes(char *buf, size_t size, uint64_t bytes);

/* The same, each unit's word between @on and @off (colour codes). */
void ztnet_format_duration_marked(char *buf, size_t size, uint64_t seconds,
				  const char *on, const char *off);
void ztnet_format_bytes_marked(char *buf, size_t size, uint64_t bytes,
			       const char *on, const char *off);

#endif /* ZTNET_FORMAT_H */
