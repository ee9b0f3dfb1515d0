/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_SOCKET_H
#define _ZTNET_SOCKET_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct ztnet_device;
struct ztnet_peer;
struct ztnet_endpoint;

/* A bound pair of UDP sockets, IPv4 and (if the namespace has it) IPv6. */
struct ztnet_socket_pair {
	struct sock *sk4;
	struct sock *sk6;
};

int ztnet_socket_open(struct ztnet_device *zt, u16 port,
		      struct ztnet_socket_pair *pair);
void ztnet_socket_publish(struct ztnet_device *zt,
			  struct ztnet_socket_pair *pair);
void ztnet_socket_close_unused(struct ztnet_socket_pair *pair);
int ztnet_socket_init(struct ztnet_device *zt, u16 port);
void ztnet_socket_uninit(struct ztnet_device *zt);

u8 ztnet_socket_nest(void);
int ztnet_socket_send_skb_to_peer(struct ztnet_peer *peer, struct sk_buff *skb,
				  u8 ds);
int ztnet_socket_send_buffer_to_peer(struct ztnet_peer *peer, void *buffer,
				     size_t len, u8 ds);
int ztnet_socket_send_buffer_as_reply_to_skb(struct ztnet_device *zt,
					     struct sk_buff *in_skb,
					     void *buffer, size_t len);

int ztnet_socket_endpoint_from_skb(struct ztnet_endpoint *endpoint,
				   const struct sk_buff *skb);
void ztnet_socket_set_peer_endpoint(struct ztnet_peer *peer,
				    const struct ztnet_endpoint *endpoint);
void ztnet_socket_set_peer_endpoint_from_skb(struct ztnet_peer *peer,
					     const struct sk_buff *skb);
void ztnet_socket_clear_peer_endpoint_src(struct ztnet_peer *peer);

#endif /* _ZTNET_SOCKET_H */
