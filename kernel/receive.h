/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_RECEIVE_H
#define _ZTNET_RECEIVE_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

struct ztnet_device;

/*
 * Takes a UDP datagram from one of the device's sockets: skb->data points
 * at the UDP header, and the network header is set.  Consumes the skb.
 */
void ztnet_packet_receive(struct ztnet_device *zt, struct sk_buff *skb);
void ztnet_packet_handshake_receive_worker(struct work_struct *work);
void ztnet_packet_decrypt_worker(struct work_struct *work);
int ztnet_packet_rx_poll(struct napi_struct *napi, int budget);

#endif /* _ZTNET_RECEIVE_H */
