/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_QUEUEING_H
#define _ZTNET_QUEUEING_H

#include <linux/skbuff.h>

#include "device.h"
#include "peer.h"

enum ztnet_packet_state {
	ZTNET_PACKET_UNCRYPTED,
	ZTNET_PACKET_CRYPTED,
	ZTNET_PACKET_DEAD,
};

/*
 * What a packet carries through the crypt queues, in skb->cb.  Packets
 * sent together travel as one unit: the first holds the references and
 * the state, the others hang off it through batch_next.
 */
struct ztnet_skb_cb {
	struct ztnet_keypair *keypair;
	struct sk_buff *batch_next;
	u64 nonce;
	atomic_t state;
	u32 mtu;
	u8 ds;
	u8 nest;	/* tunnels of this host it is already inside */
};

#define ZTNET_CB(skb) ((struct ztnet_skb_cb *)((skb)->cb))

int ztnet_crypt_queue_init(struct ztnet_crypt_queue *queue,
			   struct ztnet_device *zt, work_func_t fn,
			   unsigned int len);
void ztnet_crypt_queue_free(struct ztnet_crypt_queue *queue);
bool ztnet_crypt_queue_enqueue(struct ztnet_crypt_queue *queue,
			       struct workqueue_struct *wq, struct sk_buff *skb);
struct ztnet_cpu_worker *ztnet_cpu_worker(struct work_struct *work);

void ztnet_serial_queue_init(struct ztnet_serial_queue *queue);
bool ztnet_serial_queue_enqueue(struct ztnet_serial_queue *queue,
				struct sk_buff *skb);
struct sk_buff *ztnet_serial_queue_dequeue_ready(struct ztnet_serial_queue *queue);
void ztnet_serial_queue_purge(struct ztnet_serial_queue *queue);

int ztnet_queue_packet(struct ztnet_crypt_queue *crypt,
		       struct workqueue_struct *wq,
		       struct ztnet_serial_queue *serial, struct sk_buff *skb);
void ztnet_packet_set_state(struct sk_buff *skb, enum ztnet_packet_state state);
void ztnet_packet_put_refs(struct ztnet_keypair *keypair);
void ztnet_packet_free(struct sk_buff *skb);

#endif /* _ZTNET_QUEUEING_H */
