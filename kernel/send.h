/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_SEND_H
#define _ZTNET_SEND_H

#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>

#include "messages.h"

struct ztnet_device;
struct ztnet_peer;

/* Room in front of a data message for the outer UDP and IP headers. */
#define ZTNET_OUTER_HEADER_LEN \
	(sizeof(struct ipv6hdr) + sizeof(struct udphdr) + NET_SKB_PAD)
#define ZTNET_DATA_HEADROOM \
	ALIGN(sizeof(struct ztnet_msg_data) + ZTNET_OUTER_HEADER_LEN, 4)

/* DSCP AF41 for handshakes, as WireGuard marks them. */
#define ZTNET_HANDSHAKE_DS 0x88

netdev_tx_t ztnet_packet_xmit(struct ztnet_device *zt, struct sk_buff *skb);
void ztnet_packet_send_staged(struct ztnet_peer *peer);
void ztnet_packet_send_to_peer(struct ztnet_peer *peer, struct sk_buff *skb);
void ztnet_packet_purge_staged(struct ztnet_peer *peer);
void ztnet_packet_send_keepalive(struct ztnet_peer *peer);
void ztnet_packet_send_queued_handshake_initiation(struct ztnet_peer *peer,
						   bool is_retry);
void ztnet_packet_send_handshake_response(struct ztnet_peer *peer);
void ztnet_packet_send_handshake_cookie(struct ztnet_device *zt,
					struct sk_buff *in_skb,
					__le32 sender_index);
void ztnet_packet_handshake_send_worker(struct work_struct *work);
void ztnet_packet_encrypt_worker(struct work_struct *work);
void ztnet_packet_tx_worker(struct work_struct *work);

#endif /* _ZTNET_SEND_H */
