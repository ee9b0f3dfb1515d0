#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ztpkt: capture, alter, replay and forge WireGuard messages for the selftests.

The hostile selftests (selftests/tests/170-hostile.sh) use it, as root, inside
the network namespaces they create.  IPv4 and IPv6; the standard library only.

  sniff   capture IPv4 and IPv6 UDP datagrams carrying WireGuard messages
          from an interface (AF_PACKET) into a pcap file (raw IP link type)
  inject  send captured datagrams again with their original addresses and
          ports (raw socket, header included), optionally altered: one byte
          flipped, the message truncated; UDP checksums are recomputed
  listen  print each UDP payload received on a port, one line each
  send    send one UDP datagram
  junk    send datagrams shaped like messages of every type, and random bytes
  flood   send handshake initiations (type 1, 148 bytes) to a port, some with
          a valid mac1 for the given public key, and count the cookie replies
          (type 3, 64 bytes) that come back to the flooding socket

Messages are WireGuard's (wire-compatible with ztnet): type 1 initiation
(148 bytes), 2 response (92), 3 cookie reply (64), 4 data (16 + ciphertext +
16-byte tag; at least 32).

Exit status: 0 success, 1 the expected did not happen (timeout, too few
packets), 2 usage or environment error.  Every run prints what it did.
"""

import argparse
import base64
import hashlib
import os
import random
import select
import socket
import struct
import sys
import time

MSG_TYPES = {"initiation": 1, "response": 2, "cookie": 3, "data": 4}
MSG_LENGTHS = {1: 148, 2: 92, 3: 64}
DATA_MIN_LEN = 32
INITIATION_LEN = 148
INITIATION_MAC1_OFFSET = 116
COOKIE_REPLY_LEN = 64

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
IPV6_HEADER_LEN = 40
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_IPV4 = 228
LINKTYPE_IPV6 = 229
PCAP_MAGIC = 0xA1B2C3D4
PCAP_MAGIC_NSEC = 0xA1B23C4D


class Error(Exception):
    """A failure to report on stderr with exit status 2."""


class Shortfall(Exception):
    """The expected did not happen: exit status 1."""


def log(msg):
    print(f"ztpkt: {msg}", file=sys.stderr, flush=True)


# --- addresses ---------------------------------------------------------------

def family_of(host):
    """AF_INET6 for an IPv6 address (it has colons), else AF_INET."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def format_ip_port(host, port):
    """host:port, with IPv6 addresses in brackets as in endpoints."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def parse_ip(text):
    """An IPv4 or IPv6 address, in the canonical form that Datagram prints,
    so that addresses compare as strings."""
    try:
        if ":" in text:
            return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, text))
        if text.count(".") == 3:
            return socket.inet_ntoa(socket.inet_aton(text))
    except OSError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not an IPv4 or IPv6 address")


def parse_ip_port(text):
    """IPv4:PORT or [IPv6]:PORT: (host, port)."""
    host, sep, port = text.rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    if bracketed:
        host = host[1:-1]
    try:
        # An IPv6 address needs its brackets, an IPv4 one has none.
        if not sep or bracketed != (":" in host):
            raise ValueError
        host = parse_ip(host)
        port = int(port)
    except (argparse.ArgumentTypeError, ValueError):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not IPv4:PORT or [IPv6]:PORT") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not IPv4:PORT or [IPv6]:PORT")
    return host, port


def parse_port(text):
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port")
    return port


def parse_msg_type(text):
    if text in MSG_TYPES:
        return MSG_TYPES[text]
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value not in MSG_TYPES.values():
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a message type ({', '.join(MSG_TYPES)} or 1-4)")
    return value


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive integer")
    return value


# --- IPv4, IPv6 and UDP ------------------------------------------------------

def checksum16(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_lengths(packet):
    """(header length, total length) of an unfragmented IPv4 UDP packet."""
    if len(packet) < 20:
        raise ValueError("not IPv4")
    ihl = (packet[0] & 0x0F) * 4
    total = struct.unpack("!H", packet[2:4])[0]
    if ihl < 20 or total < ihl + 8 or total > len(packet):
        raise ValueError("bad IPv4 lengths")
    if packet[9] != socket.IPPROTO_UDP:
        raise ValueError("not UDP")
    if struct.unpack("!H", packet[6:8])[0] & 0x3FFF:
        raise ValueError("a fragment")
    return ihl, total


def ipv6_lengths(packet):
    """(header length, total length) of an IPv6 UDP packet.  Extension
    headers (a fragment header among them) are not followed: WireGuard's
    messages are small and the peers send them without any."""
    if len(packet) < IPV6_HEADER_LEN:
        raise ValueError("not IPv6")
    total = IPV6_HEADER_LEN + struct.unpack("!H", packet[4:6])[0]
    if total < IPV6_HEADER_LEN + 8 or total > len(packet):
        raise ValueError("bad IPv6 payload length")
    if packet[6] != socket.IPPROTO_UDP:
        raise ValueError("not UDP (or extension headers)")
    return IPV6_HEADER_LEN, total


class Datagram:
    """An IPv4 or IPv6 UDP datagram: addresses, ports and payload, plus the
    IP header; length is the packet's, without any link-layer padding."""

    def __init__(self, packet):
        version = packet[0] >> 4 if packet else 0
        if version == 4:
            ihl, self.length = ipv4_lengths(packet)
            self.family = socket.AF_INET
            src, dst = packet[12:16], packet[16:20]
        elif version == 6:
            ihl, self.length = ipv6_lengths(packet)
            self.family = socket.AF_INET6
            src, dst = packet[8:24], packet[24:40]
        else:
            raise ValueError("not IPv4 nor IPv6")
        self.ip_header = bytearray(packet[:ihl])
        self.src = socket.inet_ntop(self.family, src)
        self.dst = socket.inet_ntop(self.family, dst)
        self.sport, self.dport, udp_len = struct.unpack("!HHH", packet[ihl:ihl + 6])
        if udp_len < 8 or ihl + udp_len > self.length:
            raise ValueError("bad UDP length")
        self.payload = bytes(packet[ihl + 8:ihl + udp_len])

    def describe(self):
        kind = message_name(self.payload)
        return (f"{format_ip_port(self.src, self.sport)} -> "
                f"{format_ip_port(self.dst, self.dport)} "
                f"{len(self.payload)} bytes ({kind})")

    def build(self, payload, ttl=None):
        """The datagram with another payload, lengths and checksums redone;
        ttl is the IPv4 TTL or the IPv6 hop limit."""
        udp_len = 8 + len(payload)
        if self.family == socket.AF_INET:
            header, pseudo = self._ipv4_header(udp_len, ttl)
        else:
            header, pseudo = self._ipv6_header(udp_len, ttl)
        udp = struct.pack("!HHHH", self.sport, self.dport, udp_len, 0) + payload
        # 0 means "no checksum" (and is not allowed at all over IPv6).
        check = checksum16(pseudo + udp) or 0xFFFF
        return header + udp[:6] + struct.pack("!H", check) + udp[8:]

    def _ipv4_header(self, udp_len, ttl):
        """The IPv4 header for udp_len bytes of UDP, and the UDP pseudo-header."""
        header = bytearray(self.ip_header)
        if ttl is not None:
            header[8] = ttl
        struct.pack_into("!H", header, 2, len(header) + udp_len)
        struct.pack_into("!H", header, 10, 0)
        struct.pack_into("!H", header, 10, checksum16(bytes(header)))
        pseudo = header[12:20] + struct.pack("!BBH", 0, socket.IPPROTO_UDP, udp_len)
        return bytes(header), bytes(pseudo)

    def _ipv6_header(self, udp_len, hop_limit):
        """The IPv6 header for udp_len bytes of UDP (no header checksum in
        IPv6), and the UDP pseudo-header (RFC 8200, section 8.1)."""
        header = bytearray(self.ip_header)
        if hop_limit is not None:
            header[7] = hop_limit
        struct.pack_into("!H", header, 4, udp_len)
        pseudo = header[8:40] + struct.pack("!I3xB", udp_len, socket.IPPROTO_UDP)
        return bytes(header), bytes(pseudo)


def message_name(payload):
    if len(payload) < 4:
        return "too short for a type"
    mtype = struct.unpack("<I", payload[:4])[0]
    names = {v: k for k, v in MSG_TYPES.items()}
    if mtype in MSG_LENGTHS and len(payload) == MSG_LENGTHS[mtype]:
        return names[mtype]
    if mtype == 4 and len(payload) >= DATA_MIN_LEN:
        index, counter = struct.unpack("<IQ", payload[4:16])
        return f"data, receiver index {index:#010x}, counter {counter}"
    return f"not a valid message, type {mtype:#x}"


def message_type(payload):
    """The WireGuard message type of payload, or 0 if it is not a valid one."""
    if len(payload) < 4:
        return 0
    mtype = struct.unpack("<I", payload[:4])[0]
    if mtype in MSG_LENGTHS:
        return mtype if len(payload) == MSG_LENGTHS[mtype] else 0
    if mtype == 4 and len(payload) >= DATA_MIN_LEN:
        return 4
    return 0


# --- pcap --------------------------------------------------------------------

def pcap_write(path, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", PCAP_MAGIC, 2, 4, 0, 0, 65535, LINKTYPE_RAW))
        for stamp, packet in packets:
            sec = int(stamp)
            usec = int((stamp - sec) * 1e6)
            f.write(struct.pack("<IIII", sec, usec, len(packet), len(packet)))
            f.write(packet)


def pcap_read(path):
    """IP packets of a pcap file (as written by sniff or by tcpdump -w)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise Error(f"cannot read {path}: {e.strerror}") from None
    if len(data) < 24:
        raise Error(f"{path}: not a pcap file")
    for endian in "<>":
        magic = struct.unpack(endian + "I", data[:4])[0]
        if magic in (PCAP_MAGIC, PCAP_MAGIC_NSEC):
            break
    else:
        raise Error(f"{path}: not a pcap file (pcapng is not supported)")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    offset, packets = 24, []
    while offset + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[offset + 8:offset + 12])[0]
        frame = data[offset + 16:offset + 16 + incl]
        offset += 16 + incl
        if linktype in (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6):
            packet = frame
        elif linktype == LINKTYPE_ETHERNET:
            packet = frame_ip(frame, 12)
        elif linktype == LINKTYPE_LINUX_SLL:
            packet = frame_ip(frame, 14)
        else:
            raise Error(f"{path}: link type {linktype} is not supported")
        if packet:
            packets.append(packet)
    return packets


def frame_ip(frame, ethertype_at):
    """The IPv4 or IPv6 packet of a link-layer frame whose ethertype is at
    offset ethertype_at, or None if it carries something else."""
    if len(frame) < ethertype_at + 2:
        return None
    ethertype = struct.unpack("!H", frame[ethertype_at:ethertype_at + 2])[0]
    if ethertype not in (ETH_P_IP, ETH_P_IPV6):
        return None
    return frame[ethertype_at + 2:]


# --- sniff -------------------------------------------------------------------

def cmd_sniff(args):
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        sock.bind((args.iface, ETH_P_ALL))
    except OSError as e:
        raise Error(f"cannot capture on {args.iface}: {e.strerror}") from None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    log(f"capturing on {args.iface}: UDP to port {args.dport}")
    deadline = time.monotonic() + args.timeout
    captured = []
    while len(captured) < args.count:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if not select.select([sock], [], [], left)[0]:
            continue
        frame = sock.recv(65536)
        packet = frame_ip(frame, 12)
        if not packet:
            continue
        try:
            dgram = Datagram(packet)
        except ValueError:
            continue
        if dgram.dport != args.dport:
            continue
        if args.src and dgram.src != args.src:
            continue
        if args.msg_type and message_type(dgram.payload) != args.msg_type:
            continue
        if not args.min_len <= len(dgram.payload) <= args.max_len:
            continue
        captured.append((time.time(), bytes(packet[:dgram.length])))
        print(f"captured {dgram.describe()}", flush=True)
    pcap_write(args.out, captured)
    if len(captured) < args.count:
        raise Shortfall(f"captured {len(captured)} of {args.count} datagrams "
                        f"in {args.timeout:g}s")
    return 0


# --- inject ------------------------------------------------------------------

def alter(payload, flip, truncate):
    """Truncated first, so that a negative --flip counts from the new end."""
    data = bytearray(payload)
    if truncate is not None:
        if not 0 <= truncate <= len(data):
            raise Error(f"--truncate {truncate} does not fit the "
                        f"{len(data)}-byte message")
        del data[truncate:]
    if flip is not None:
        if not -len(data) <= flip < len(data):
            raise Error(f"--flip {flip} is outside the {len(data)}-byte message")
        data[flip] ^= 0xFF
    return bytes(data)


def parse_spec(text):
    """"packet=1,truncate=20,flip=-1,repeat=5" or "none": a dict."""
    spec = {"packet": 0, "truncate": None, "flip": None, "repeat": 1}
    if text == "none":
        return spec
    for item in text.split(","):
        key, sep, value = item.partition("=")
        if not sep or key not in spec:
            raise argparse.ArgumentTypeError(
                f"'{item}' is not packet=N, truncate=N, flip=N or repeat=N")
        try:
            spec[key] = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{item}': not a number") from None
    if spec["packet"] < 0 or spec["repeat"] < 1:
        raise argparse.ArgumentTypeError(f"'{text}': packet >= 0 and repeat >= 1")
    return spec


def cmd_inject(args):
    packets = pcap_read(args.file)
    if not packets:
        raise Error(f"{args.file} holds no IP packet")
    if args.each:
        if args.flip is not None or args.truncate is not None or args.packet:
            raise Error("--each replaces --packet, --flip and --truncate")
        specs = args.each
    else:
        specs = [{"packet": args.packet, "truncate": args.truncate,
                  "flip": args.flip, "repeat": 1}]
    for spec in specs:
        spec["repeat"] *= args.repeat
    sockets = {}
    first = True
    for spec in specs:
        index = spec["packet"]
        if index >= len(packets):
            raise Error(f"{args.file} holds {len(packets)} packets; no packet {index}")
        try:
            dgram = Datagram(packets[index])
        except ValueError as e:
            raise Error(f"packet {index} of {args.file}: {e}") from None
        payload = alter(dgram.payload, spec["flip"], spec["truncate"])
        wire = dgram.build(payload, args.ttl)
        sock = raw_socket(sockets, dgram.family)
        for _ in range(spec["repeat"]):
            if args.interval and not first:
                time.sleep(args.interval)
            first = False
            try:
                sock.sendto(wire, (dgram.dst, 0))
            except OSError as e:
                raise Error(f"sending to {dgram.dst}: {e.strerror}") from None
        what = [f"packet {index}"]
        if args.ttl:
            what.append(f"{'TTL' if dgram.family == socket.AF_INET else 'hop limit'} "
                        f"{args.ttl}")
        if spec["truncate"] is not None:
            what.append(f"truncated to {spec['truncate']}")
        if spec["flip"] is not None:
            what.append(f"byte {spec['flip']} flipped")
        print(f"injected {spec['repeat']} x {format_ip_port(dgram.src, dgram.sport)} -> "
              f"{format_ip_port(dgram.dst, dgram.dport)} {len(payload)} bytes "
              f"({', '.join(what)})", flush=True)
    return 0


def raw_socket(sockets, family):
    """The raw socket of family that sends our own IP headers, opened once.
    IPPROTO_RAW implies IP_HDRINCL for IPv4 and IPV6_HDRINCL for IPv6: the
    captured source address and port stand, and the header carries the TTL
    or hop limit given."""
    if family not in sockets:
        try:
            sockets[family] = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW)
        except OSError as e:
            raise Error(f"cannot open a raw socket: {e.strerror}") from None
    return sockets[family]


# --- listen and send ---------------------------------------------------------

def cmd_listen(args):
    sock = socket.socket(family_of(args.bind), socket.SOCK_DGRAM)
    try:
        sock.bind((args.bind, args.port))
    except OSError as e:
        raise Error(f"cannot bind {args.bind}:{args.port}: {e.strerror}") from None
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + args.timeout
    received = 0
    while args.count == 0 or received < args.count:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if not select.select([sock], [], [], left)[0]:
            continue
        data, peer = sock.recvfrom(65536)
        received += 1
        text = data.decode("ascii", "backslashreplace").replace("\n", "\\n")
        print(text, flush=True)
        log(f"{len(data)} bytes from {format_ip_port(peer[0], peer[1])}")
    if args.count and received < args.count:
        raise Shortfall(f"received {received} of {args.count} datagrams")
    return 0


def cmd_send(args):
    family = family_of(args.dst[0])
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        if args.sport:
            sock.bind((any_address(family), args.sport))
        sock.sendto(args.payload.encode(), args.dst)
    except OSError as e:
        raise Error(f"sending to {format_ip_port(*args.dst)}: {e.strerror}") from None
    return 0


def any_address(family):
    return "::" if family == socket.AF_INET6 else "0.0.0.0"


# --- flood -------------------------------------------------------------------

def mac1_key(public_key):
    return hashlib.blake2s(b"mac1----" + public_key).digest()


def initiation(sender_index, key):
    """A handshake initiation with random contents; mac1 valid if key."""
    body = (struct.pack("<II", 1, sender_index) +
            random.randbytes(INITIATION_MAC1_OFFSET - 8))
    if key is None:
        mac1 = random.randbytes(16)
    else:
        mac1 = hashlib.blake2s(body, key=key, digest_size=16).digest()
    return body + mac1 + bytes(16)


def cmd_flood(args):
    try:
        public_key = base64.b64decode(args.pubkey, validate=True)
    except ValueError:
        public_key = b""
    if len(public_key) != 32:
        raise Error("--pubkey is not a base64 32-byte key")
    key = mac1_key(public_key)
    family = family_of(args.dst[0])
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    try:
        sock.bind((any_address(family), args.sport))
    except OSError as e:
        raise Error(f"cannot bind port {args.sport}: {e.strerror}") from None
    sock.setblocking(False)
    counts = {"cookie_replies": 0, "other": 0}
    indices = set()

    def drain():
        while True:
            try:
                data = sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionRefusedError:
                continue
            if (len(data) == COOKIE_REPLY_LEN and data[:4] == b"\3\0\0\0" and
                    struct.unpack("<I", data[4:8])[0] in indices):
                counts["cookie_replies"] += 1
            else:
                counts["other"] += 1

    valid = sent = 0
    started = time.monotonic()
    for i in range(args.count):
        index = random.getrandbits(32)
        indices.add(index)
        good = args.valid_every and i % args.valid_every == 0
        message = initiation(index, key if good else None)
        while True:
            try:
                sock.sendto(message, args.dst)
                break
            except (BlockingIOError, InterruptedError):
                select.select([], [sock], [], 1)
            except ConnectionRefusedError:
                continue
            except OSError as e:
                raise Error(f"sending to {format_ip_port(*args.dst)}: "
                            f"{e.strerror}") from None
        sent += 1
        valid += bool(good)
        if i % 64 == 0:
            drain()
        if args.rate:
            ahead = sent / args.rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
    took = time.monotonic() - started
    deadline = time.monotonic() + args.linger
    while True:
        drain()
        left = deadline - time.monotonic()
        if left <= 0:
            break
        select.select([sock], [], [], min(left, 0.2))
    print(f"sent={sent} valid_mac1={valid} cookie_replies={counts['cookie_replies']} "
          f"other_replies={counts['other']} seconds={took:.1f}", flush=True)
    return 0


# --- junk --------------------------------------------------------------------

def junk_message(rng):
    """A datagram that looks like a message of some type, or like nothing."""
    kind = rng.randrange(6)
    if kind == 5:
        return rng.randbytes(rng.randrange(0, 200))
    if kind == 4:
        length = rng.choice([DATA_MIN_LEN, DATA_MIN_LEN + 16, rng.randrange(16, 1500)])
        return struct.pack("<I", 4) + rng.randbytes(length - 4)
    msg_type = rng.choice([1, 2, 3])
    length = MSG_LENGTHS[msg_type]
    if rng.randrange(4) == 0:
        length = rng.randrange(4, 2 * length)
    return struct.pack("<I", msg_type) + rng.randbytes(max(length, 4) - 4)


def cmd_junk(args):
    rng = random.Random(args.seed)
    family = family_of(args.dst[0])
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sent = 0
    started = time.monotonic()
    for _ in range(args.count):
        try:
            sock.sendto(junk_message(rng), args.dst)
            sent += 1
        except (BlockingIOError, InterruptedError, ConnectionRefusedError):
            pass
        except OSError as e:
            raise Error(f"sending to {format_ip_port(*args.dst)}: {e.strerror}") from None
        if args.rate:
            ahead = sent / args.rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
    print(f"sent={sent}", flush=True)
    return 0


# --- main --------------------------------------------------------------------

def parser():
    p = argparse.ArgumentParser(
        prog="ztpkt.py", description=__doc__.split("\n\n")[0],
        epilog="Run 'ztpkt.py COMMAND --help' for each command's options.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    s = sub.add_parser("sniff", help="capture WireGuard messages into a pcap file",
                       description="Capture IPv4 and IPv6 UDP datagrams sent to "
                       "--dport on --iface and write them to --out (pcap, raw IP). "
                       "Exits 1 if fewer than --count arrive within --timeout.")
    s.add_argument("--iface", required=True, help="interface to capture on")
    s.add_argument("--dport", type=parse_port, required=True,
                   help="UDP destination port of the datagrams")
    s.add_argument("--src", type=parse_ip,
                   help="only datagrams from this IPv4 or IPv6 address")
    s.add_argument("--msg-type", type=parse_msg_type,
                   help="only valid messages of this type: "
                   "initiation, response, cookie, data or 1-4")
    s.add_argument("--min-len", type=int, default=0, help="shortest payload to keep")
    s.add_argument("--max-len", type=int, default=65535, help="longest payload to keep")
    s.add_argument("--count", type=positive_int, default=1,
                   help="datagrams to capture (default 1)")
    s.add_argument("--timeout", type=float, default=10, help="seconds (default 10)")
    s.add_argument("--ready-file", help="written once the capture has started")
    s.add_argument("--out", required=True, help="pcap file to write")
    s.set_defaults(func=cmd_sniff)

    s = sub.add_parser("inject", help="send captured datagrams again",
                       description="Send a datagram of FILE (pcap from sniff or "
                       "tcpdump -w) with its own addresses and ports through a raw "
                       "socket, optionally altered: truncated, then one byte "
                       "flipped. Offsets count from the start of the UDP "
                       "payload; negative ones from its (truncated) end.")
    s.add_argument("file", help="pcap file")
    s.add_argument("--packet", type=int, default=0,
                   help="which packet of the file (default 0, the first)")
    s.add_argument("--flip", type=int, help="invert the byte at this offset")
    s.add_argument("--truncate", type=int, help="cut the payload to this length")
    s.add_argument("--each", type=parse_spec, nargs="+", metavar="SPEC",
                   help="send several variants in turn, each SPEC 'none' (packet 0 "
                   "as captured) or a comma-separated list of packet=N, "
                   "truncate=N, flip=N, repeat=N; e.g. --each flip=4 "
                   "truncate=20 packet=1,repeat=3")
    s.add_argument("--repeat", type=positive_int, default=1,
                   help="times to send it (each SPEC, with --each)")
    s.add_argument("--ttl", type=int, choices=range(1, 256), metavar="TTL",
                   help="IPv4 TTL or IPv6 hop limit to send with, so that a "
                   "firewall rule can tell injected copies from the original "
                   "sender's packets (default: the captured one)")
    s.add_argument("--interval", type=float, default=0.0,
                   help="seconds between two datagrams (default 0)")
    s.set_defaults(func=cmd_inject)

    s = sub.add_parser("listen", help="print the UDP payloads received on a port",
                       description="Print each UDP payload received on --port, one "
                       "a line (non-ASCII bytes escaped), until --timeout or --count.")
    s.add_argument("--port", type=parse_port, required=True)
    s.add_argument("--bind", default="0.0.0.0", type=parse_ip,
                   help="address, IPv4 or IPv6 (default 0.0.0.0; :: takes both)")
    s.add_argument("--timeout", type=float, default=60, help="seconds (default 60)")
    s.add_argument("--count", type=int, default=0,
                   help="stop after this many; exit 1 if fewer came (default: no limit)")
    s.add_argument("--ready-file", help="written once the socket is bound")
    s.set_defaults(func=cmd_listen)

    s = sub.add_parser("send", help="send one UDP datagram")
    s.add_argument("--dst", type=parse_ip_port, required=True, help="IPv4:PORT or [IPv6]:PORT")
    s.add_argument("--payload", required=True, help="text to send")
    s.add_argument("--sport", type=parse_port, help="source port")
    s.set_defaults(func=cmd_send)

    s = sub.add_parser("junk", help="send datagrams that look like messages, or nothing",
                       description="Send --count datagrams to --dst: handshake messages "
                       "of each type with random contents and sometimes the wrong "
                       "length, data messages with random receiver indices, and "
                       "random bytes.  Prints sent=N.")
    s.add_argument("--dst", type=parse_ip_port, required=True, help="IPv4:PORT or [IPv6]:PORT")
    s.add_argument("--count", type=positive_int, default=1000)
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    s.add_argument("--rate", type=float, default=0,
                   help="datagrams per second at most (default: as fast as possible)")
    s.set_defaults(func=cmd_junk)

    s = sub.add_parser("flood", help="flood a port with handshake initiations",
                       description="Send --count handshake initiations to --dst from "
                       "UDP port --sport; every --valid-every-th one has a valid mac1 "
                       "for --pubkey, the others a random one. Counts the cookie "
                       "replies that come back for our sender indices, and prints "
                       "sent=N valid_mac1=N cookie_replies=N other_replies=N seconds=S.")
    s.add_argument("--dst", type=parse_ip_port, required=True, help="IPv4:PORT or [IPv6]:PORT")
    s.add_argument("--pubkey", required=True, help="the receiver's public key, base64")
    s.add_argument("--count", type=positive_int, default=20000)
    s.add_argument("--valid-every", type=int, default=2,
                   help="1 in this many has a valid mac1 (default 2; 0: none)")
    s.add_argument("--sport", type=parse_port, default=40000,
                   help="source port, where replies are counted (default 40000)")
    s.add_argument("--rate", type=float, default=0,
                   help="packets per second at most (default: as fast as possible)")
    s.add_argument("--linger", type=float, default=2,
                   help="seconds to keep counting replies afterwards (default 2)")
    s.set_defaults(func=cmd_flood)
    return p


def main():
    args = parser().parse_args()
    try:
        return args.func(args)
    except Shortfall as e:
        log(str(e))
        return 1
    except Error as e:
        log(f"{args.command}: {e}")
        return 2
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
