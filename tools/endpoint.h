/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Endpoints from text to addresses.  Like wg(8), a host name is resolved
 * with getaddrinfo and its first IPv4 or IPv6 address is used; transient
 * failures are retried ZTNET_ENDPOINT_RESOLUTION_RETRIES times (default
 * 15, "infinity" for ever), permanent ones fail at once.
 */
#ifndef ZTNET_ENDPOINT_H
#define ZTNET_ENDPOINT_H

#include <stdbool.h>

#include "device.h"

/*
 * Resolves text ("host:port" or "[host]:port") into endpoint.  With
 * numeric set, only numeric addresses and ports are accepted and nothing
 * is looked up.  Returns 0 or a getaddrinfo error (EAI_*).
 */
int ztnet_endpoint_resolve(const char *text, union ztnet_endpoint *endpoint,
			   bool numeric);

/*
 * Resolves the endpoint_text of every peer of dev and frees the text.
 * On failure prints one line and returns the exit status.
 */
int ztnet_resolve_endpoints(struct ztnet_device *dev);

#endif /* ZTNET_ENDPOINT_H */
