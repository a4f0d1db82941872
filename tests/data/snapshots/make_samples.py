#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the sample snapshots under tests/data/snapshots/ in the formats
the kernel and ethtool 6.1 print them (fs/proc/stat.c, net/core/net-procfs.c,
fs/proc/softirqs.c, kernel/irq/proc.c, net/ipv4/proc.c; ethtool's
print_indir_table, print_rss_hkey, dump_rxfhash and its netlink -g/-c/-l).
Run from this folder; the outputs are committed, this is their provenance.
The numbers of the pair (before/after) are chosen so that the costs
calibrate must find can be worked by hand (tests/test_calibrate.c)."""
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
NETSTAT = open(os.path.join(HERE, 'netstat.tpl')).read()
FEATURES = open(os.path.join(HERE, 'ethtool_k.tpl')).read()
KEY = ('6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:'
       'ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa')
KEY2 = ('3c:9a:11:0e:54:c7:8b:2f:61:d0:4a:93:f5:27:be:08:19:6c:e2:75:'
        'a4:3d:58:cb:0f:91:e6:42:7a:b5:2c:d8:93:06:4f:e1:75:ba:2d:c8')


def w(d, rel, text):
    p = os.path.join(d, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(text)


def stat(cpus):
    """cpus: list of (user nice system idle iowait irq softirq steal)"""
    tot = [sum(c[i] for c in cpus) for i in range(8)]
    out = 'cpu  ' + ' '.join(str(x) for x in tot) + ' 0 0\n'
    for i, c in enumerate(cpus):
        out += 'cpu%d ' % i + ' '.join(str(x) for x in c) + ' 0 0\n'
    out += 'intr 123456 0 0\nctxt 9876543\nbtime 1764000000\nprocesses 12345\n'
    out += 'procs_running 2\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n'
    return out


def softnet(rows, fields=13):
    """rows: (processed, dropped, squeeze); 13 fields as 5.10-6.8 print them"""
    out = ''
    for i, (p, d, s) in enumerate(rows):
        f = [p, d, s, 0, 0, 0, 0, 0, 0, 0, 0, 0, i, 0, 0][:fields]
        out += ' '.join('%08x' % (x & 0xffffffff) for x in f) + '\n'
    return out


def softirqs(net_rx):
    n = len(net_rx)
    out = ' ' * 20 + ''.join('CPU%-7d ' % i for i in range(n)).rstrip(' ') + '       \n'
    out = ' ' * 20 + ''.join('%-11s' % ('CPU%d' % i) for i in range(n)) + '\n'
    rows = [('HI', [0] * n), ('TIMER', [400000 + i for i in range(n)]), ('NET_TX', [3] * n),
            ('NET_RX', net_rx), ('BLOCK', [0] * n), ('IRQ_POLL', [0] * n),
            ('TASKLET', [5] * n), ('SCHED', [350000] * n), ('HRTIMER', [0] * n),
            ('RCU', [2000000] * n)]
    for name, v in rows:
        out += '%12s:' % name + ''.join(' %10d' % x for x in v) + '\n'
    return out


def interrupts(ncpu, irqs):
    """irqs: list of (irq, counts per cpu, chip, hw, name), as show_interrupts
    prints them: prec 3 (nr_irqs < 1000), "%10u " per CPU, " %8s" chip,
    " %*lu" hwirq, "-%-8s" the flow name, "  %s" the action"""
    prec = 3
    out = ' ' * (prec + 8) + ''.join('CPU%-8d' % i for i in range(ncpu)) + '\n'
    for irq, counts, chip, hw, name in irqs:
        hwirq, flow = hw.split('-')
        out += '%*d: ' % (prec, irq) + ''.join('%10u ' % c for c in counts)
        out += ' %8s' % chip + ' %*s' % (prec, hwirq) + '-%-8s' % flow + '  %s\n' % name
    out += '%*s: ' % (prec, 'NMI') + ''.join('%10u ' % 0 for _ in range(ncpu)) + '  Non-maskable interrupts\n'
    out += '%*s: ' % (prec, 'LOC') + ''.join('%10u ' % 123456 for _ in range(ncpu)) + '  Local timer interrupts\n'
    out += '%*s: %10u\n' % (prec, 'ERR', 0) + '%*s: %10u\n' % (prec, 'MIS', 0)
    return out


def snmp(udp_in, rcvbuf=0, inerr=None):
    inerr = rcvbuf if inerr is None else inerr
    return ('Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates OutTransmits\n'
            'Ip: 1 64 %d 0 0 0 0 0 %d 1032 0 0 0 0 0 0 0 0 0 1032\n' % (udp_in + 1128, udp_in + 1128) +
            'Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps\n'
            'Icmp: 2 0 0 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n'
            'IcmpMsg: InType3\nIcmpMsg: 2\n'
            'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n'
            'Tcp: 1 200 120000 -1 25 4 1 0 0 1080 986 0 0 2 0\n'
            'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n'
            'Udp: %d 0 %d 48 %d 0 0 0 0\n' % (udp_in, inerr, rcvbuf) +
            'UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n'
            'UdpLite: 0 0 0 0 0 0 0 0 0\n')


def sysctl(over):
    base = [('net.core.busy_poll', '0'), ('net.core.busy_read', '0'),
            ('net.core.default_qdisc', 'fq_codel'), ('net.core.dev_weight', '64'),
            ('net.core.dev_weight_rx_bias', '1'), ('net.core.dev_weight_tx_bias', '1'),
            ('net.core.flow_limit_cpu_bitmap', '00'), ('net.core.flow_limit_table_len', '4096'),
            ('net.core.gro_normal_batch', '8'), ('net.core.netdev_budget', '300'),
            ('net.core.netdev_budget_usecs', '2000'), ('net.core.netdev_max_backlog', '1000'),
            ('net.core.netdev_tstamp_prequeue', '1'), ('net.core.rmem_default', '212992'),
            ('net.core.rmem_max', '212992'), ('net.core.rps_sock_flow_entries', '0'),
            ('net.core.somaxconn', '4096'), ('net.ipv4.tcp_mem', '187383\t249845\t374766'),
            ('net.ipv4.tcp_moderate_rcvbuf', '1'), ('net.ipv4.tcp_rmem', '4096\t131072\t6291456'),
            ('net.ipv4.udp_mem', '374766\t499690\t749532'), ('net.ipv4.udp_rmem_min', '4096')]
    d = dict(base)
    d.update(over)
    return ''.join('%s = %s\n' % (k, v) for k, v in sorted(d.items()))


def ring(rx, rxmax, tx=512, txmax=4096):
    return ('Ring parameters for eth0:\nPre-set maximums:\nRX:\t\t%d\nRX Mini:\tn/a\n'
            'RX Jumbo:\tn/a\nTX:\t\t%d\nCurrent hardware settings:\nRX:\t\t%d\n'
            'RX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t%d\nRX Buf Len:\t\tn/a\n'
            'CQE Size:\t\tn/a\nTX Push:\toff\nTCP data split:\tn/a\n' % (rxmax, txmax, rx, tx))


def coal(adaptive, rxus, rxfr, cqe='n/a', txfr_irq='n/a'):
    na = lambda v: 'n/a' if v is None else str(v)
    return ('Coalesce parameters for eth0:\nAdaptive RX: %s  TX: %s\nstats-block-usecs: n/a\n'
            'sample-interval: n/a\npkt-rate-low: n/a\npkt-rate-high: n/a\n\n'
            'rx-usecs: %s\nrx-frames: %s\nrx-usecs-irq: n/a\nrx-frames-irq: n/a\n\n'
            'tx-usecs: %s\ntx-frames: %s\ntx-usecs-irq: n/a\ntx-frames-irq: %s\n\n'
            'rx-usecs-low: n/a\nrx-frame-low: n/a\ntx-usecs-low: n/a\ntx-frame-low: n/a\n\n'
            'rx-usecs-high: n/a\nrx-frame-high: n/a\ntx-usecs-high: n/a\ntx-frame-high: n/a\n\n'
            'CQE mode RX: %s  TX: %s\n\n'
            % (adaptive, adaptive, na(rxus), na(rxfr), na(rxus) if rxfr is not None else 'n/a',
               na(rxfr), txfr_irq, cqe, 'off' if cqe == 'on' else cqe))


def channels(comb, combmax, other):
    return ('Channel parameters for eth0:\nPre-set maximums:\nRX:\t\tn/a\nTX:\t\tn/a\n'
            'Other:\t\t%s\nCombined:\t%d\nCurrent hardware settings:\nRX:\t\tn/a\nTX:\t\tn/a\n'
            'Other:\t\t%s\nCombined:\t%d\n' % (other, combmax, other, comb))


def rxfh(rings, table, key):
    out = 'RX flow hash indirection table for eth0 with %d RX ring(s):\n' % rings
    for i, q in enumerate(table):
        if i % 8 == 0:
            out += '%5u: ' % i
        out += ' %5u' % q
        if i % 8 == 7 or i == len(table) - 1:
            out += '\n'
    out += 'RSS hash key:\n%s\n' % key
    out += 'RSS hash function:\n    toeplitz: on\n    xor: off\n    crc32: off\n'
    return out


def flowhash(ports):
    out = 'UDP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n'
    if ports:
        out += 'L4 bytes 0 & 1 [TCP/UDP src port]\nL4 bytes 2 & 3 [TCP/UDP dst port]\n'
    return out + '\n'


def tcpflowhash():
    return ('TCP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n'
            'L4 bytes 0 & 1 [TCP/UDP src port]\nL4 bytes 2 & 3 [TCP/UDP dst port]\n\n')


def info(drv, ver, fw, bus):
    return ('driver: %s\nversion: %s\nfirmware-version: %s\nexpansion-rom-version: \n'
            'bus-info: %s\nsupports-statistics: yes\nsupports-test: yes\n'
            'supports-eeprom-access: yes\nsupports-register-dump: yes\n'
            'supports-priv-flags: yes\n' % (drv, ver, fw, bus))


def stats(pairs):
    return 'NIC statistics:\n' + ''.join('     %s: %d\n' % kv for kv in pairs)


def meta(ts, epoch, up):
    return 'rxsim-snapshot 1\ntimestamp %s\nepoch %d\nuptime %.2f\nuser_hz 100\n' % (ts, epoch, up)


def sysfs(d, ifc, nq, masks, flow_cnt=0, device=None, mtu=1500):
    w(d, 'if/%s/sys/mtu' % ifc, '%d\n' % mtu)
    w(d, 'if/%s/sys/threaded' % ifc, '0\n')
    w(d, 'if/%s/sys/napi_defer_hard_irqs' % ifc, '0\n')
    w(d, 'if/%s/sys/gro_flush_timeout' % ifc, '0\n')
    w(d, 'if/%s/sys/tx_queue_len' % ifc, '1000\n')
    if device:
        w(d, 'if/%s/sys/device' % ifc, device + '\n')
    for q in range(nq):
        w(d, 'if/%s/sys/queues/rx-%d/rps_cpus' % (ifc, q), masks[q] + '\n')
        w(d, 'if/%s/sys/queues/rx-%d/rps_flow_cnt' % (ifc, q), '%d\n' % flow_cnt)


def common(d, kernel, ncpu, over, udp_in=1000):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    w(d, 'meta', meta('2026-11-30T10:00:00Z', 1796032800, 86400.00))
    w(d, 'uname_r', kernel + '\n')
    w(d, 'nproc', '%d\n' % ncpu)
    w(d, 'sysctl_net', sysctl(over))
    w(d, 'proc/uptime', '86400.00 170000.00\n')
    w(d, 'proc/snmp', snmp(udp_in))
    w(d, 'proc/netstat', NETSTAT)
    w(d, 'proc/udp_summary', 'sockets 4\nrx_queue_bytes 0\ndrops 0\n')
    w(d, 'proc/tcp_summary', 'sockets 12\nestablished 3\nlisten 9\nrx_queue_bytes 0\n')
    w(d, 'SKIPPED', '')


def lo(d, mtu=65536, rps=None, flow_cnt=0):
    """lo: ethtool -i has nothing; sysfs mtu, and rx-0's rps_cpus and
    rps_flow_cnt when given (store_rps_map, like any device's)"""
    w(d, 'if/lo/ethtool_i', 'Cannot get driver information: Operation not supported\n')
    w(d, 'if/lo/sys/mtu', '%d\n' % mtu)
    if rps is not None:
        w(d, 'if/lo/sys/queues/rx-0/rps_cpus', rps + '\n')
        w(d, 'if/lo/sys/queues/rx-0/rps_flow_cnt', '%d\n' % flow_cnt)


def mask(ncpu, cpus):
    v = sum(1 << c for c in cpus)
    groups = (ncpu + 31) // 32
    parts = ['%08x' % ((v >> (32 * g)) & 0xffffffff) for g in reversed(range(groups))]
    first = parts[0].lstrip('0') or '0'
    # bitmap_print_to_pagebuf: the first group has as many digits as the CPUs need
    nd = ((ncpu - 1) % 32) // 4 + 1
    parts[0] = parts[0][-nd:]
    del first
    return ','.join(parts)


def ixgbe():
    """2 sockets x 8 cores: 16 CPUs; 8 queues, IRQs of queues 0-3 on node 0
    (CPUs 0-3), 4-7 on node 1 (CPUs 8-11); ring 4096; dynamic ITR."""
    d = os.path.join(HERE, 'ixgbe')
    n = 16
    common(d, '5.15.0-91-generic', n, {'net.core.netdev_budget': '600',
                                      'net.core.netdev_max_backlog': '2000',
                                      'net.core.rmem_max': '16777216',
                                      'net.core.flow_limit_cpu_bitmap': 'ff00'})
    cpus = [[1000, 0, 500, 90000, 10, 200, 800, 0] for _ in range(n)]
    w(d, 'proc/stat', stat(cpus))
    w(d, 'proc/softnet_stat', softnet([(100000 + i, 0, 3) for i in range(n)]))
    w(d, 'proc/softirqs', softirqs([5000] * n))
    aff = [0, 1, 2, 3, 8, 9, 10, 11]
    irqs = [(0, [44] + [0] * (n - 1), 'IR-IO-APIC', '2-edge', 'timer'),
            (89, [1] + [0] * (n - 1), 'IR-PCI-MSI', '1048576-edge', 'eth0')]
    for q in range(8):
        c = [0] * n
        c[aff[q]] = 500000 + q
        irqs.append((90 + q, c, 'IR-PCI-MSI', '%d-edge' % (1048577 + q), 'eth0-TxRx-%d' % q))
    w(d, 'proc/interrupts', interrupts(n, irqs))
    w(d, 'irq_affinity', '0 0-15\n89 0-15\n' + ''.join('%d %d\n' % (90 + q, aff[q]) for q in range(8)))
    w(d, 'if/eth0/ethtool_i', info('ixgbe', '5.15.0-91-generic', '0x800008a4, 1.2920.0', '0000:3b:00.0'))
    w(d, 'if/eth0/ethtool_g', ring(4096, 4096))
    w(d, 'if/eth0/ethtool_c', coal('n/a', 1, None, txfr_irq='256'))
    w(d, 'if/eth0/ethtool_l', channels(8, 63, '1'))
    w(d, 'if/eth0/ethtool_k', FEATURES)
    w(d, 'if/eth0/ethtool_x', rxfh(8, [i % 8 for i in range(128)], KEY))
    w(d, 'if/eth0/ethtool_S', stats([('rx_packets', 8000000), ('rx_bytes', 4096000000),
                                     ('rx_missed_errors', 0), ('rx_no_dma_resources', 12),
                                     ('rx_queue_0_packets', 1000000)]))
    w(d, 'if/eth0/ethtool_n_udp4', flowhash(False))
    w(d, 'if/eth0/ethtool_n_tcp4', tcpflowhash())
    sysfs(d, 'eth0', 8, [mask(n, [])] * 8, 0, '0000:3b:00.0', 9000)
    lo(d)


def mlx5():
    """8 CPUs; mlx5: 8 channels, one per CPU, ring 1024, adaptive CQE
    moderation; RPS off, RFS on (rps_flow_cnt 2048, rps_sock_flow_entries 32768)."""
    d = os.path.join(HERE, 'mlx5')
    n = 8
    common(d, '6.8.0-45-generic', n, {'net.core.rps_sock_flow_entries': '32768',
                                     'net.core.netdev_budget_usecs': '8000',
                                     'net.core.busy_read': '50'})
    w(d, 'proc/stat', stat([[1000, 0, 500, 90000, 10, 0, 800, 0] for _ in range(n)]))
    w(d, 'proc/softnet_stat', softnet([(200000, 0, 0)] * n, fields=15))
    w(d, 'proc/softirqs', softirqs([7000] * n))
    irqs = [(120, [1] + [0] * 7, 'IR-PCI-MSIX-0000:3b:00.0', '0-edge', 'mlx5_async0@pci:0000:3b:00.0')]
    for q in range(8):
        c = [0] * n
        c[q] = 300000
        irqs.append((121 + q, c, 'IR-PCI-MSIX-0000:3b:00.0', '%d-edge' % (q + 1),
                     'mlx5_comp%d@pci:0000:3b:00.0' % q))
    w(d, 'proc/interrupts', interrupts(n, irqs))
    w(d, 'irq_affinity', '120 0-7\n' + ''.join('%d %d\n' % (121 + q, q) for q in range(8)))
    w(d, 'if/eth0/ethtool_i', info('mlx5_core', '6.8.0-45-generic', '16.35.2000 (MT_0000000080)', '0000:3b:00.0'))
    w(d, 'if/eth0/ethtool_g', ring(1024, 8192, 1024, 8192))
    w(d, 'if/eth0/ethtool_c', coal('on', 8, 128, cqe='on'))
    w(d, 'if/eth0/ethtool_l', channels(8, 8, 'n/a'))
    w(d, 'if/eth0/ethtool_k', FEATURES)
    w(d, 'if/eth0/ethtool_x', rxfh(8, [i % 8 for i in range(256)], KEY2))
    w(d, 'if/eth0/ethtool_S', stats([('rx_packets', 16000000), ('rx_bytes', 8192000000),
                                     ('rx_out_of_buffer', 0), ('rx_discards_phy', 0)]))
    w(d, 'if/eth0/ethtool_n_udp4', flowhash(True))
    w(d, 'if/eth0/ethtool_n_tcp4', tcpflowhash())
    sysfs(d, 'eth0', 8, [mask(n, [])] * 8, 2048, '0000:3b:00.0')
    lo(d)


def igb():
    """4 CPUs; igb: 4 queues, ring 256, rx-usecs 3 (igb's default dynamic
    conservative ITR, not modelled: a warning); RPS only on rx-0 to CPUs 1-3."""
    d = os.path.join(HERE, 'igb')
    n = 4
    common(d, '4.19.0-27-amd64', n, {})
    w(d, 'proc/stat', stat([[1000, 0, 500, 90000, 10, 0, 800, 0] for _ in range(n)]))
    w(d, 'proc/softnet_stat', softnet([(50000, 0, 0)] * n, fields=11))
    w(d, 'proc/softirqs', softirqs([3000] * n))
    irqs = [(40, [1, 0, 0, 0], 'PCI-MSI', '524288-edge', 'eth0')]
    for q in range(4):
        c = [0] * n
        c[q] = 100000
        irqs.append((41 + q, c, 'PCI-MSI', '%d-edge' % (524289 + q), 'eth0-TxRx-%d' % q))
    w(d, 'proc/interrupts', interrupts(n, irqs))
    w(d, 'irq_affinity', '40 0-3\n' + ''.join('%d %d\n' % (41 + q, q) for q in range(4)))
    w(d, 'if/eth0/ethtool_i', info('igb', '5.4.0-k', '1.63, 0x800009fa', '0000:02:00.0'))
    w(d, 'if/eth0/ethtool_g', ring(256, 4096))
    w(d, 'if/eth0/ethtool_c', coal('n/a', 3, None))
    w(d, 'if/eth0/ethtool_l', channels(4, 8, '1'))
    w(d, 'if/eth0/ethtool_k', FEATURES)
    w(d, 'if/eth0/ethtool_x', rxfh(4, [i % 4 for i in range(128)], KEY))
    w(d, 'if/eth0/ethtool_S', stats([('rx_packets', 400000), ('rx_fifo_errors', 3),
                                     ('rx_missed_errors', 0), ('rx_no_buffer_count', 7)]))
    w(d, 'if/eth0/ethtool_n_udp4', flowhash(False))
    w(d, 'if/eth0/ethtool_n_tcp4', tcpflowhash())
    sysfs(d, 'eth0', 4, [mask(n, [1, 2, 3]), mask(n, []), mask(n, []), mask(n, [])], 0, '0000:02:00.0')
    lo(d, 16384, mask(n, [2, 3]), 256)   # lo: mtu 16384, RPS to CPUs 2-3


def virtio():
    """A 2-vCPU VM: virtio_net (no profile: generic), one queue, ring 256;
    -c and -x are not supported by this driver version."""
    d = os.path.join(HERE, 'virtio')
    n = 2
    common(d, '6.1.0-18-cloud-amd64', n, {'net.core.netdev_budget_usecs': '8000'})
    w(d, 'proc/stat', stat([[1000, 0, 500, 90000, 10, 0, 800, 0] for _ in range(n)]))
    w(d, 'proc/softnet_stat', softnet([(1128, 0, 0), (903, 0, 0)]))
    w(d, 'proc/softirqs', softirqs([871, 897]))
    irqs = [(24, [1, 0], 'IO-APIC', '5-edge', 'ACPI:Ged'),
            (37, [0, 0], 'PCI-MSIX-0000:00:03.0', '0-edge', 'virtio2-config'),
            (38, [0, 903], 'PCI-MSIX-0000:00:03.0', '1-edge', 'virtio2-input.0'),
            (39, [896, 0], 'PCI-MSIX-0000:00:03.0', '2-edge', 'virtio2-output.0')]
    w(d, 'proc/interrupts', interrupts(n, irqs))
    w(d, 'irq_affinity', '24 0-1\n37 0-1\n38 1\n39 0\n')
    w(d, 'if/eth0/ethtool_i', 'driver: virtio_net\nversion: 1.0.0\nfirmware-version: \n'
      'expansion-rom-version: \nbus-info: 0000:00:03.0\nsupports-statistics: yes\n'
      'supports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\n'
      'supports-priv-flags: no\n')
    w(d, 'if/eth0/ethtool_g', ring(256, 256, 256, 256))
    w(d, 'if/eth0/ethtool_c', 'netlink error: Operation not supported\n')
    w(d, 'if/eth0/ethtool_l', channels(1, 1, 'n/a').replace('Other:\t\tn/a', 'Other:\t\tn/a'))
    w(d, 'if/eth0/ethtool_k', FEATURES)
    w(d, 'if/eth0/ethtool_x', 'RX flow hash indirection table for eth0 with 1 RX ring(s):\n'
      'Operation not supported\nRSS hash key:\nOperation not supported\nRSS hash function:\n'
      '    toeplitz: on\n    xor: off\n    crc32: off\n')
    w(d, 'if/eth0/ethtool_S', stats([('rx_drops', 0), ('rx_kicks', 159), ('rx0_drops', 0)]))
    w(d, 'if/eth0/ethtool_n_udp4', 'Cannot get RX network flow hashing options: Operation not supported\n')
    w(d, 'if/eth0/ethtool_n_tcp4', 'Cannot get RX network flow hashing options: Operation not supported\n')
    sysfs(d, 'eth0', 1, ['0'], 0, 'virtio2', 1400)
    w(d, 'SKIPPED', 'ethtool -c eth0: netlink error: Operation not supported\n'
      'ethtool -n eth0 rx-flow-hash udp4: Cannot get RX network flow hashing options: Operation not supported\n'
      'ethtool -n eth0 rx-flow-hash tcp4: Cannot get RX network flow hashing options: Operation not supported\n')
    lo(d)


def container():
    """A container: no ethtool, no sysctl binary (read from /proc/sys/net),
    /proc/interrupts hidden; its veth eth0 has one rx queue."""
    d = os.path.join(HERE, 'container')
    n = 4
    common(d, '6.6.12-linuxkit', n, {'net.core.rmem_max': '8388608'})
    w(d, 'proc/stat', stat([[1000, 0, 500, 90000, 10, 0, 800, 0] for _ in range(n)]))
    w(d, 'proc/softnet_stat', softnet([(1000, 0, 0)] * n))
    w(d, 'proc/softirqs', softirqs([100] * n))
    w(d, 'SKIPPED', '/proc/interrupts: not readable\nethtool: not installed\n')
    sysfs(d, 'eth0', 1, ['0'], 0)
    w(d, 'if/lo/sys/mtu', '65536\n')


def pair():
    """4 CPUs, ixgbe with one queue (IRQ 90 on CPU 0), ring 512, no RPS, a
    reader on CPU 3.  10 s at 600 kpps offered: CPU 0 spends every tick in
    softirq (1000 ticks at USER_HZ 100) for 5,000,000 packets processed;
    1,000,000 wait in vain in the NIC's FIFO (one queue: no DROP_EN, so
    rx_missed_errors); NAPI stays scheduled, so only 200 interrupts with
    1 tick of irq time; 80,000 NET_RX softirqs (62.5 packets each: one poll
    of at most dev_weight 64 per net_rx_action with one NAPI, no
    time_squeeze); the reader got every processed datagram."""
    for name, up, proc, drop, sq, ticks, irqt, irqn, netrx, udp, nodma in (
            ('before', 86400.00, 7000000, 0, 100, 5000, 300, 900000, 400000, 7000000, 2000000),
            ('after', 86410.00, 12000000, 0, 100, 6000, 301, 900200, 480000, 12000000, 3000000)):
        d = os.path.join(HERE, 'pair', name)
        n = 4
        common(d, '5.15.0-91-generic', n, {}, udp_in=udp)
        w(d, 'meta', meta('2026-11-30T10:00:%02dZ' % (up - 86400), 1796032800 + int(up - 86400), up))
        w(d, 'proc/uptime', '%.2f 170000.00\n' % up)
        base = [[50000, 0, 20000, 800000, 100, 0, 0, 0] for _ in range(n)]
        base[0][5] = irqt
        base[0][6] = ticks
        base[0][3] = 800000 if name == 'before' else 800000  # CPU 0 was never idle
        base[3][0] += 0 if name == 'before' else 600          # the reader on CPU 3
        base[3][3] += 0 if name == 'before' else 400
        for c in (1, 2):
            base[c][3] += 0 if name == 'before' else 1000
        w(d, 'proc/stat', stat(base))
        w(d, 'proc/softnet_stat', softnet([(proc, drop, sq), (10, 0, 0), (10, 0, 0), (10, 0, 0)]))
        w(d, 'proc/softirqs', softirqs([netrx, 500, 500, 500]))
        irqs = [(0, [44, 0, 0, 0], 'IR-IO-APIC', '2-edge', 'timer'),
                (89, [1, 0, 0, 0], 'IR-PCI-MSI', '1048576-edge', 'eth0'),
                (90, [irqn, 0, 0, 0], 'IR-PCI-MSI', '1048577-edge', 'eth0-TxRx-0')]
        w(d, 'proc/interrupts', interrupts(n, irqs))
        w(d, 'irq_affinity', '0 0-3\n89 0-3\n90 0\n')
        w(d, 'if/eth0/ethtool_i', info('ixgbe', '5.15.0-91-generic', '0x800008a4, 1.2920.0', '0000:3b:00.0'))
        w(d, 'if/eth0/ethtool_g', ring(512, 4096))
        w(d, 'if/eth0/ethtool_c', coal('n/a', 1, None, txfr_irq='256'))
        w(d, 'if/eth0/ethtool_l', channels(1, 63, '1'))
        w(d, 'if/eth0/ethtool_k', FEATURES)
        w(d, 'if/eth0/ethtool_x', rxfh(1, [0] * 128, KEY))
        w(d, 'if/eth0/ethtool_S', stats([('rx_packets', proc), ('rx_missed_errors', nodma),
                                         ('rx_no_dma_resources', 0)]))
        w(d, 'if/eth0/ethtool_n_udp4', flowhash(False))
        w(d, 'if/eth0/ethtool_n_tcp4', tcpflowhash())
        sysfs(d, 'eth0', 1, [mask(n, [])], 0, '0000:3b:00.0')
        lo(d)


def bad():
    """Malformed snapshots: each a copy of virtio with one file broken."""
    src = os.path.join(HERE, 'virtio')
    cases = {
        'softnet_truncated': ('proc/softnet_stat', softnet([(1128, 0, 0), (903, 0, 0)]).splitlines()[0] + '\n0000038a 00000000 00000000\n'),
        'ring_garbage': ('if/eth0/ethtool_g', ring(256, 256, 256, 256).replace('RX:\t\t256\nRX Mini', 'RX:\t\tlots\nRX Mini', 2)),
        'snmp_short': ('proc/snmp', snmp(1000).replace('Udp: 1000 0 0 48 0 0 0 0 0', 'Udp: 1000 0 0 48 0')),
        'uname_garbage': ('uname_r', 'Linux\n'),
        'sysctl_garbage': ('sysctl_net', sysctl({}).replace('net.core.netdev_budget = 300', 'net.core.netdev_budget = three hundred')),
        'lo_rps_garbage': ('if/lo/sys/queues/rx-0/rps_cpus', 'zz\n'),
        'stat_short': ('proc/stat', stat([[1000, 0, 500, 90000, 10, 0, 800, 0]] * 2).replace('cpu1 1000 0 500 90000 10 0 800 0 0 0', 'cpu1 1000 0 500')),
    }
    for name, (rel, text) in cases.items():
        d = os.path.join(HERE, 'bad', name)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(src, d)
        w(d, rel, text)
    d = os.path.join(HERE, 'bad', 'no_meta')
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(src, d)
    os.remove(os.path.join(d, 'meta'))


for f in (ixgbe, mlx5, igb, virtio, container, pair, bad):
    f()
