// SPDX-License-Identifier: GPL-2.0
/*
 * ztconnect: one exchange with a `ztflow.py serve` server, in C rather
 * than Python, which takes seconds to start on the debug kernel, where
 * the microsegment tests make dozens.
 *
 *   ztconnect ADDRESS PORT [--udp] [--timeout SECONDS] [--sport PORT]
 *
 * Sends "hello\n" over TCP (or one UDP datagram, from --sport if given;
 * like Python's, a TCP connection takes no --sport) and expects
 * "PORT:hello\n" back within SECONDS (2 by default) for each step.
 * Prints "connect ADDRESS PORT: answered (T s)", or the error in Python's
 * words ("[Errno 111] Connection refused", "timed out").
 * Exit status: 0 answered, 1 not, 2 usage.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct ztconnect {
	const char *address;
	int port, sport, timeout_ms;
	bool udp;
	struct sockaddr_storage to;
	socklen_t to_len;
	char want[32];
};

static double ztconnect_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fills to and to_len from an IPv4 or IPv6 literal; 0 if it is neither. */
static int ztconnect_address(struct ztconnect *c)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&c->to;
	struct sockaddr_in *in = (struct sockaddr_in *)&c->to;

	memset(&c->to, 0, sizeof(c->to));
	if (inet_pton(AF_INET, c->address, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(c->port);
		c->to_len = sizeof(*in);
		return 1;
	}
	if (inet_pton(AF_INET6, c->address, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(c->port);
		c->to_len = sizeof(*in6);
		return 1;
	}
	return 0;
}

/* Waits for EVENTS on fd; -1 with errno ETIMEDOUT when time is up. */
static int ztconnect_wait(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	do {
		n = poll(&p, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n == 0)
		errno = ETIMEDOUT;
	return n > 0 ? 0 : -1;
}

static int ztconnect_bind(struct ztconnect *c, int fd)
{
	struct sockaddr_storage from = { .ss_family = c->to.ss_family };

	if (!c->sport || !c->udp)
		return 0;
	/* Same offset of the port in sockaddr_in and sockaddr_in6. */
	((struct sockaddr_in *)&from)->sin_port = htons(c->sport);
	return bind(fd, (struct sockaddr *)&from, c->to_len);
}

/* A non-blocking connect, waited for: the error it ended with, or 0. */
static int ztconnect_connect(struct ztconnect *c, int fd)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (connect(fd, (struct sockaddr *)&c->to, c->to_len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	if (ztconnect_wait(fd, POLLOUT, c->timeout_ms) < 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -1;
	errno = err;
	return err ? -1 : 0;
}

/* Reads until the answer is as long as the one wanted; 1 if it is it. */
static int ztconnect_answer(struct ztconnect *c, int fd)
{
	size_t want = strlen(c->want), got = 0;
	char buf[64];
	ssize_t n;

	while (got < want) {
		if (ztconnect_wait(fd, POLLIN, c->timeout_ms) < 0)
			return -1;
		n = recv(fd, buf + got, c->udp ? sizeof(buf) - got : want - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0 || c->udp) {
			got += n;
			break;
		}
		got += n;
	}
	return got == want && !memcmp(buf, c->want, want);
}

/* 1 answered, 0 a wrong answer, -1 an error (in errno). */
static int ztconnect_exchange(struct ztconnect *c)
{
	int fd, ok = -1;
	ssize_t n;

	fd = socket(c->to.ss_family,
		    (c->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (ztconnect_bind(c, fd) < 0 || ztconnect_connect(c, fd) < 0)
		goto out;
	/* Connected, so that an ICMP error comes back as an error. */
	n = send(fd, "hello\n", 6, MSG_NOSIGNAL);
	if (n >= 0 && n != 6)
		errno = EIO;	/* six bytes are never sent in part */
	if (n != 6)
		goto out;
	ok = ztconnect_answer(c, fd);
out:
	if (ok < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return ok;
}

static int ztconnect_usage(void)
{
	fputs("usage: ztconnect ADDRESS PORT [--udp] [--timeout SECONDS] [--sport PORT]\n",
	      stderr);
	return 2;
}

/* A whole decimal number from MIN to MAX, or -1. */
static long ztconnect_number(const char *text, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || end == text || *end || n < min || n > max)
		return -1;
	return n;
}

/* Seconds as milliseconds, from 1 ms to a day, or -1. */
static int ztconnect_timeout(const char *text)
{
	char *end;
	double s;

	s = strtod(text, &end);
	if (end == text || *end || !(s >= 0.001 && s <= 86400))
		return -1;
	return (int)(s * 1000);
}

static int ztconnect_args(struct ztconnect *c, int argc, char **argv)
{
	int i;

	if (argc < 3)
		return -1;
	c->address = argv[1];
	c->port = ztconnect_number(argv[2], 1, 65535);
	c->timeout_ms = 2000;
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--udp"))
			c->udp = true;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			c->timeout_ms = ztconnect_timeout(argv[++i]);
		else if (!strcmp(argv[i], "--sport") && i + 1 < argc)
			c->sport = ztconnect_number(argv[++i], 0, 65535);
		else
			return -1;
	}
	if (c->port < 0 || c->sport < 0 || c->timeout_ms < 0)
		return -1;
	snprintf(c->want, sizeof(c->want), "%d:hello\n", c->port);
	return ztconnect_address(c) ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct ztconnect c = { 0 };
	double start = ztconnect_now();
	int ok;

	if (ztconnect_args(&c, argc, argv) < 0)
		return ztconnect_usage();
	ok = ztconnect_exchange(&c);
	if (ok < 0 && errno == ETIMEDOUT)
		printf("connect %s %d: timed out", c.address, c.port);
	else if (ok < 0)
		printf("connect %s %d: [Errno %d] %s", c.address, c.port, errno,
		       strerror(errno));
	else
		printf("connect %s %d: %s", c.address, c.port,
		       ok ? "answered" : "wrong answer");
	printf(" (%.3fs)\n", ztconnect_now() - start);
	return ok == 1 ? 0 : 1;
}
