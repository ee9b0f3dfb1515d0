// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endpoint.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "value.h"

static int first_address(const struct addrinfo *list,
			 union ztnet_endpoint *endpoint)
{
	const struct addrinfo *ai;

	for (ai = list; ai; ai = ai->ai_next) {
		if ((ai->ai_family == AF_INET &&
		     ai->ai_addrlen == sizeof(endpoint->addr4)) ||
		    (ai->ai_family == AF_INET6 &&
		     ai->ai_addrlen == sizeof(endpoint->addr6))) {
			memset(endpoint, 0, sizeof(*endpoint));
			memcpy(endpoint, ai->ai_addr, ai->ai_addrlen);
			return 0;
		}
	}
	return EAI_ADDRFAMILY;
}

int ztnet_endpoint_resolve(const char *text, union ztnet_endpoint *endpoint,
			   bool numeric)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
		.ai_flags = numeric ? AI_NUMERICHOST | AI_NUMERICSERV : 0,
	};
	struct addrinfo *list;
	char *host, *port;
	int ret;

	if (!ztnet_endpoint_split(text, &host, &port))
		return EAI_NONAME;
	ret = getaddrinfo(host, port, &hints, &list);
	free(host);
	free(port);
	if (ret)
		return ret;
	ret = first_address(list, endpoint);
	freeaddrinfo(list);
	return ret;
}

static bool is_permanent(int ret)
{
	return ret == EAI_NONAME || ret == EAI_FAIL || ret == EAI_NODATA ||
	       ret == EAI_ADDRFAMILY || ret == EAI_SERVICE;
}

/* The retries the environment allows; -1 for ever. */
static int allowed_retries(void)
{
	const char *env = ztnet_getenv("ENDPOINT_RESOLUTION_RETRIES");
	char *end;
	long n;

	if (!env)
		return 15;
	if (strcmp(env, "infinity") == 0)
		return -1;
	n = strtol(env, &end, 10);
	return *end || n < 0 || n > 1000000 ? 15 : (int)n;
}

static const char *gai_reason(int ret)
{
	return ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret);
}

static int resolve_with_retries(const char *text,
				union ztnet_endpoint *endpoint)
{
	unsigned int delay_us = 1000000;
	int retries = allowed_retries();
	int ret;

	for (;;) {
		ret = ztnet_endpoint_resolve(text, endpoint, false);
		if (!ret)
			return ZTNET_EXIT_OK;
		if (is_permanent(ret) || retries == 0)
			break;
		if (retries > 0)
			retries--;
		ztnet_err("%s: '%s'; trying again in %.2f seconds",
			  gai_reason(ret), text, delay_us / 1e6);
		usleep(delay_us);
		delay_us = delay_us * 6 / 5 > 20000000 ? 20000000 :
			   delay_us * 6 / 5;
	}
	ztnet_err("cannot resolve endpoint '%s': %s", text, gai_reason(ret));
	return ZTNET_EXIT_FAILURE;
}

int ztnet_resolve_endpoints(struct ztnet_device *dev)
{
	size_t i;

	for (i = 0; i < dev->peers_len; i++) {
		struct ztnet_peer *peer = &dev->peers[i];
		int ret;

		if (!peer->endpoint_text)
			continue;
		ret = resolve_with_retries(peer->endpoint_text,
					   &peer->endpoint);
		if (ret != ZTNET_EXIT_OK)
			return ret;
		free(peer->endpoint_text);
		peer->endpoint_text = NULL;
	}
	return ZTNET_EXIT_OK;
}
