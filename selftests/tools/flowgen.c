// SPDX-License-Identifier: GPL-2.0
/*
 * flowgen: opens new flows as fast as it can, for `make bench`.
 *
 *   flowgen ADDRESS SECONDS [SOCKETS]
 *
 * Sends one UDP datagram to each destination port of ADDRESS in turn,
 * from SOCKETS sockets (16 by default), each bound to its own source
 * port, so that every datagram is a 5-tuple not seen for
 * SOCKETS x 65,535 datagrams: a new flow for a firewall whose UDP
 * timeout is shorter than that takes.  Prints "sent N" when SECONDS are
 * up.  The receiver counts what arrived; that rate is the new-flow rate.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_SOCKETS 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_address(const char *text, struct sockaddr_storage *ss,
			 socklen_t *len)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		*len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

static void set_port(struct sockaddr_storage *ss, unsigned int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

/* One batch from one socket, to the next BATCH ports after *port. */
static int send_batch(int fd, struct sockaddr_storage *dst, socklen_t len,
		      unsigned int *port)
{
	static struct sockaddr_storage to[BATCH];
	static struct mmsghdr msgs[BATCH];
	static struct iovec iov = { .iov_base = "flowgen\n", .iov_len = 8 };
	int i, sent;

	for (i = 0; i < BATCH; i++) {
		to[i] = *dst;
		set_port(&to[i], *port);
		*port = *port % 65535 + 1;
		msgs[i].msg_hdr = (struct msghdr) {
			.msg_name = &to[i], .msg_namelen = len,
			.msg_iov = &iov, .msg_iovlen = 1,
		};
	}
	sent = sendmmsg(fd, msgs, BATCH, 0);
	/* A full queue or an unreachable answer is the firewall at work. */
	if (sent < 0 && (errno == ENOBUFS || errno == EAGAIN ||
			 errno == ECONNREFUSED || errno == EPERM))
		return 0;
	return sent;
}

int main(int argc, char **argv)
{
	int fds[MAX_SOCKETS], sockets = argc > 3 ? atoi(argv[3]) : 16, i;
	unsigned int ports[MAX_SOCKETS];
	struct sockaddr_storage dst;
	unsigned long long total = 0;
	double end;
	socklen_t len;
	int n;

	if (argc < 3 || parse_address(argv[1], &dst, &len) ||
	    sockets < 1 || sockets > MAX_SOCKETS) {
		fprintf(stderr, "usage: flowgen ADDRESS SECONDS [SOCKETS <= %d]\n",
			MAX_SOCKETS);
		return 2;
	}
	for (i = 0; i < sockets; i++) {
		fds[i] = socket(dst.ss_family, SOCK_DGRAM, 0);
		if (fds[i] < 0) {
			perror("flowgen: socket");
			return 2;
		}
		ports[i] = 1 + i * (65535 / sockets);
	}
	end = now() + atof(argv[2]);
	while (now() < end) {
		for (i = 0; i < sockets; i++) {
			n = send_batch(fds[i], &dst, len, &ports[i]);
			if (n < 0) {
				perror("flowgen: sendmmsg");
				return 1;
			}
			total += n;
		}
	}
	printf("sent %llu\n", total);
	return 0;
}
