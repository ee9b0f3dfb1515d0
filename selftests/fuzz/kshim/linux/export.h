/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: an exported symbol is only declared again. */
#ifndef ZTNET_KSHIM_LINUX_EXPORT_H
#define ZTNET_KSHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym

#endif /* ZTNET_KSHIM_LINUX_EXPORT_H */
