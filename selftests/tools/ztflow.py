#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ztflow: flows, floods and crafted fragments for the microsegment selftests.

The tests run it as root inside the network namespaces they create, and
only toward addresses of those namespaces.  IPv4 and IPv6; the standard
library only.

  serve     answer TCP and UDP on the given ports: each line or datagram
            comes back prefixed with "PORT:"; with --log, each one is also
            appended to a file as "tcp|udp PORT SRC", for a test to count
  hold      a TCP connection that exchanges a line every --every seconds,
            and exits 1 as soon as one goes unanswered ("cut after N")
  synflood  TCP SYNs from --count different source ports (raw socket)
  udpflood  one UDP datagram from each of --count source ports
  frag      crafted IPv4 fragments: --kind overlap (a second fragment that
            rewrites the UDP header the first one showed), tiny (a TCP SYN
            whose first fragment holds 8 bytes of its header), later (a
            non-first fragment with no first), whole (a well-formed pair);
            IPv6 ones whose first fragment has 24 bytes of destination
            options after the fragment header: --kind opts (a well-formed
            pair), opts-overlap (a second fragment at offset 24, past what
            a later fragment alone can tell, that rewrites the UDP header)
  exthdr    an IPv6 UDP datagram behind --count destination-options headers,
            and with --segments-left N first a routing header of the
            experimental type 253 with N segments left
  echo      one ICMP or ICMPv6 echo, a request or with --reply a reply,
            whose id is PORT
  unreach   an ICMP or ICMPv6 port-unreachable to ADDR, quoting a UDP
            datagram ADDR sent from --sport to this host's PORT
  errwait   wait --timeout seconds for a destination-unreachable from ADDR
            that quotes a datagram to its PORT: exit 0 if one came

Exit status: 0 success, 1 the expected did not happen, 2 usage or
environment error.
"""

import argparse
import os
import random
import select
import socket
import struct
import sys
import time


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def pseudo_header(src, dst, proto, length):
    fam = family_of(src)
    s = socket.inet_pton(fam, src)
    d = socket.inet_pton(fam, dst)
    if fam == socket.AF_INET:
        return s + d + struct.pack("!BBH", 0, proto, length)
    return s + d + struct.pack("!IxxxB", length, proto)


def source_for(dst):
    """The address the kernel would send from, toward dst."""
    s = socket.socket(family_of(dst), socket.SOCK_DGRAM)
    try:
        s.connect((dst, 9))
        return s.getsockname()[0]
    finally:
        s.close()


def tcp_segment(src, dst, sport, dport, flags=0x02, seq=None):
    seq = random.getrandbits(32) if seq is None else seq
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags,
                      65535, 0, 0)
    csum = checksum(pseudo_header(src, dst, 6, len(hdr)) + hdr)
    return hdr[:16] + struct.pack("!H", csum) + hdr[18:]


def udp_datagram(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    csum = checksum(pseudo_header(src, dst, 17, length) + hdr + payload)
    return struct.pack("!HHHH", sport, dport, length, csum or 0xFFFF) + payload


def ipv4_header(src, dst, proto, payload_len, ident, frag_off, more):
    flags = (0x2000 if more else 0) | (frag_off // 8)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident,
                      flags, 64, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]


def raw_send(dst, packets):
    fam = family_of(dst)
    s = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
    try:
        for pkt in packets:
            s.sendto(pkt, (dst, 0))
    finally:
        s.close()


# --- serve -----------------------------------------------------------------

def serve(args):
    socks = {}
    for port in args.tcp:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", port))
        s.listen(512)
        socks[s] = ("tcp-listen", port)
    for port in args.udp:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", port))
        socks[s] = ("udp", port)
    if args.ready:
        open(args.ready, "w").close()
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select(list(socks), [], [], 1.0)
        for s in ready:
            serve_one(s, socks, args.log)
    return 0


def log_line(path, what, port, src):
    if path:
        with open(path, "a") as f:
            f.write("%s %d %s\n" % (what, port, src))


def serve_one(s, socks, log):
    kind, port = socks[s]
    if kind == "tcp-listen":
        try:
            conn, peer = s.accept()
        except OSError:
            return
        conn.setblocking(False)
        socks[conn] = ("tcp", port)
        log_line(log, "tcp", port, peer[0].removeprefix("::ffff:"))
        return
    if kind == "udp":
        data, peer = s.recvfrom(65535)
        log_line(log, "udp", port, peer[0].removeprefix("::ffff:"))
        s.sendto(b"%d:" % port + data, peer)
        return
    try:
        data = s.recv(65535)
    except OSError:
        data = b""
    if not data:
        del socks[s]
        s.close()
        return
    try:
        s.send(b"%d:" % port + data)
    except OSError:
        pass


# --- clients ---------------------------------------------------------------

def exchange_tcp(s, port, line, timeout):
    s.sendall(line)
    want = b"%d:" % port + line
    got = b""
    s.settimeout(timeout)
    while len(got) < len(want):
        chunk = s.recv(len(want) - len(got))
        if not chunk:
            return False
        got += chunk
    return got == want


def hold(args):
    try:
        s = socket.create_connection((args.addr, args.port),
                                     timeout=args.timeout)
    except OSError as e:
        print("hold %s %d: %s" % (args.addr, args.port, e))
        return 2
    if args.ready:
        open(args.ready, "w").close()
    n = 0
    deadline = time.monotonic() + args.duration
    while time.monotonic() < deadline:
        try:
            if not exchange_tcp(s, args.port, b"line %d\n" % n, args.timeout):
                break
        except OSError:
            break
        n += 1
        time.sleep(args.every)
    else:
        print("hold: %d exchanges, never cut" % n)
        return 0
    print("hold: cut after %d exchanges" % n)
    return 1


# --- floods ----------------------------------------------------------------

def synflood(args):
    src = source_for(args.addr)
    fam = family_of(args.addr)
    proto = socket.IPPROTO_TCP
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    ports = random.sample(range(1024, 65536), args.count)
    for sport in ports:
        s.sendto(tcp_segment(src, args.addr, sport, args.port),
                 (args.addr, 0))
    s.close()
    print("synflood: %d SYNs to %s port %d" % (args.count, args.addr,
                                               args.port))
    return 0


def udpflood(args):
    fam = family_of(args.addr)
    sent = 0
    for _ in range(args.count):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        try:
            s.sendto(b"flood\n", (args.addr, args.port))
            sent += 1
        except OSError:
            pass
        s.close()
    print("udpflood: %d datagrams to %s port %d" % (sent, args.addr,
                                                    args.port))
    return 0 if sent == args.count else 1


# --- fragments -------------------------------------------------------------

def frag_packets(kind, src, dst, dport, other_port):
    ident = random.randrange(1, 65536)
    if kind == "tiny":
        seg = tcp_segment(src, dst, random.randrange(1024, 65536), dport)
        return [ipv4_header(src, dst, 6, 8, ident, 0, True) + seg[:8],
                ipv4_header(src, dst, 6, 12, ident, 8, False) + seg[8:]]
    payload = b"x" * 24
    udp = udp_datagram(src, dst, 40000, dport, payload)
    if kind == "later":
        return [ipv4_header(src, dst, 17, 16, ident, 16, False) + udp[16:]]
    if kind == "whole":
        return [ipv4_header(src, dst, 17, 16, ident, 0, True) + udp[:16],
                ipv4_header(src, dst, 17, 16, ident, 16, False) + udp[16:]]
    # overlap: the second fragment starts at 0 again with other_port.
    evil = udp_datagram(src, dst, 40000, other_port, payload)
    return [ipv4_header(src, dst, 17, 16, ident, 0, True) + udp[:16],
            ipv4_header(src, dst, 17, 32, ident, 0, False) + evil]


def ipv6_fragment(src, dst, ident, offset, more, data):
    fh = struct.pack("!BBHI", 60 if offset == 0 else 17, 0,
                     offset | (1 if more else 0), ident)
    hdr = struct.pack("!IHBB16s16s", 6 << 28, len(fh) + len(data), 44, 64,
                      socket.inet_pton(socket.AF_INET6, src),
                      socket.inet_pton(socket.AF_INET6, dst))
    return hdr + fh + data


def frag6_packets(kind, src, dst, dport, other_port):
    ident = random.randrange(1, 1 << 32)
    # Destination options of 24 bytes (length 2), next header UDP: one
    # experimental option (RFC 4727), which a receiver skips; Linux
    # refuses more than 7 bytes of padding.
    opts = struct.pack("!BBBB", 17, 2, 0x1E, 20) + bytes(20)
    payload = b"y" * 24
    data = opts + udp_datagram(src, dst, 40002, dport, payload)
    first = ipv6_fragment(src, dst, ident, 0, True, data[:40])
    if kind == "opts":
        return [first, ipv6_fragment(src, dst, ident, 40, False, data[40:])]
    # opts-overlap: at 24, where the UDP header starts, with other_port.
    evil = udp_datagram(src, dst, 40002, other_port, payload)
    return [first, ipv6_fragment(src, dst, ident, 24, False, evil)]


def frag(args):
    src = source_for(args.addr)
    if args.kind.startswith("opts"):
        pkts = frag6_packets(args.kind, src, args.addr, args.port,
                             args.other_port)
    else:
        pkts = frag_packets(args.kind, src, args.addr, args.port,
                            args.other_port)
    raw_send(args.addr, pkts)
    print("frag %s: %d fragments to %s" % (args.kind, len(pkts), args.addr))
    return 0


def exthdr(args):
    src = source_for(args.addr)
    udp = udp_datagram(src, args.addr, 40001, args.port, b"exthdr\n")
    body, nexthdr = udp, 17
    for _ in range(args.count):
        # Destination options: next header, length 0 (8 bytes), PadN.
        body = struct.pack("!BBBB4x", nexthdr, 0, 1, 4) + body
        nexthdr = 60
    if args.segments_left >= 0:
        # Routing header: next, length 0 (8 bytes), type, segments left.
        body = struct.pack("!BBBB4x", nexthdr, 0, 253,
                           args.segments_left) + body
        nexthdr = 43
    hdr = struct.pack("!IHBB16s16s", 6 << 28, len(body), nexthdr, 64,
                      socket.inet_pton(socket.AF_INET6, src),
                      socket.inet_pton(socket.AF_INET6, args.addr))
    raw_send(args.addr, [hdr + body])
    print("exthdr: %d headers to %s" % (args.count, args.addr))
    return 0


def echo(args):
    """An echo of a chosen id: ping picks its own."""
    fam = family_of(args.addr)
    if fam == socket.AF_INET:
        kind, proto = (0 if args.reply else 8), socket.IPPROTO_ICMP
    else:
        kind, proto = (129 if args.reply else 128), socket.IPPROTO_ICMPV6
    body = struct.pack("!BBHHH", kind, 0, 0, args.port, 1) + b"ztflow"
    if fam == socket.AF_INET:
        # ICMPv6's checksum the kernel fills in; ICMP's is ours.
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    s.sendto(body, (args.addr, 0))
    print("echo %s id %d to %s" % ("reply" if args.reply else "request",
                                   args.port, args.addr))
    return 0


def unreach(args):
    """A port-unreachable about a datagram that args.addr sent us."""
    fam = family_of(args.addr)
    me = source_for(args.addr)
    udp = udp_datagram(args.addr, me, args.sport, args.port, b"quoted\n")
    if fam == socket.AF_INET:
        quoted = ipv4_header(args.addr, me, 17, len(udp), 1, 0, False) + udp
        body = struct.pack("!BBH4x", 3, 3, 0) + quoted
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
        proto = socket.IPPROTO_ICMP
    else:
        quoted = struct.pack("!IHBB16s16s", 6 << 28, len(udp), 17, 64,
                             socket.inet_pton(fam, args.addr),
                             socket.inet_pton(fam, me)) + udp
        body = struct.pack("!BBH4x", 1, 4, 0) + quoted
        proto = socket.IPPROTO_ICMPV6
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    s.sendto(body, (args.addr, 0))
    print("unreach to %s about %d -> %d" % (args.addr, args.sport, args.port))
    return 0


def quoted_dport(fam, data):
    """The quoted UDP destination port of a destination-unreachable."""
    if fam == socket.AF_INET:
        data = data[(data[0] & 15) * 4:]
        if len(data) < 8 + 20 + 4 or data[0] != 3:
            return None
        inner = data[8:]
        l4 = inner[(inner[0] & 15) * 4:]
    else:
        if len(data) < 8 + 40 + 4 or data[0] != 1:
            return None
        l4 = data[48:]
    return struct.unpack("!H", l4[2:4])[0] if len(l4) >= 4 else None


def errwait(args):
    fam = family_of(args.addr)
    proto = socket.IPPROTO_ICMP if fam == socket.AF_INET else socket.IPPROTO_ICMPV6
    s = socket.socket(fam, socket.SOCK_RAW, proto)
    if args.ready:
        open(args.ready, "w").close()
    deadline = time.monotonic() + args.timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            print("errwait: no error from %s about port %d" % (args.addr, args.port))
            return 1
        data, peer = s.recvfrom(2048)
        if peer[0] == args.addr and quoted_dport(fam, data) == args.port:
            print("errwait: error from %s about port %d" % (args.addr, args.port))
            return 0


def ports(text):
    return [int(p) for p in text.split(",") if p]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("serve")
    c.add_argument("--tcp", type=ports, default=[])
    c.add_argument("--udp", type=ports, default=[])
    c.add_argument("--log")
    c.add_argument("--ready")
    c.add_argument("--timeout", type=float, default=600)
    for name in ("hold", "synflood", "udpflood", "frag",
                 "exthdr", "echo", "unreach", "errwait"):
        c = sub.add_parser(name)
        c.add_argument("addr")
        c.add_argument("port", type=int)
        c.add_argument("--timeout", type=float, default=2)
        c.add_argument("--udp", action="store_true")
        c.add_argument("--sport", type=int, default=0)
        c.add_argument("--count", type=int, default=1)
        c.add_argument("--every", type=float, default=0.2)
        c.add_argument("--duration", type=float, default=30)
        c.add_argument("--ready")
        c.add_argument("--kind", default="whole",
                       choices=("overlap", "tiny", "later", "whole",
                                "opts", "opts-overlap"))
        c.add_argument("--other-port", type=int, default=9999)
        c.add_argument("--segments-left", type=int, default=-1)
        c.add_argument("--reply", action="store_true")
    args = p.parse_args()
    try:
        return globals()[args.cmd](args)
    except PermissionError as e:
        print("ztflow: %s (run as root)" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
