/* trace_test.c - in-kernel tests of the event ring (--enable-trace): order, wrap-around with
 * its dropped count, and the events of a message between two kernel threads. */
#include <kern/arch.h>
#include <kern/ipc.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/trace.h>
#include "ktest.h"

#define MARK 0x7ace  /* a field value no trace point records */

/* Records n events of kind `exit` with fields (MARK, i, -i), interrupts off: nothing else
 * gets in between. */
static void record_marks(unsigned n)
{
	unsigned long s = arch_irq_save();
	for (unsigned i = 0; i < n; i++)
		trace_record(TRACE_EXIT, MARK, i, -(int64_t)i);
	arch_irq_restore(s);
}

KTEST(trace_ring_keeps_order)
{
	unsigned long s = arch_irq_save();
	trace_reset();
	record_marks(3);
	KT_EQ(trace_count(), 3);
	KT_EQ(trace_dropped(), 0);
	struct trace_event e[3];
	for (unsigned i = 0; i < 3; i++)
		KT_ASSERT(trace_peek(i, &e[i]));
	arch_irq_restore(s);
	struct trace_event none;
	KT_ASSERT(!trace_peek(3, &none) || none.a != MARK);
	for (unsigned i = 0; i < 3; i++) {
		KT_EQ(e[i].kind, TRACE_EXIT);
		KT_EQ(e[i].a, MARK);
		KT_EQ(e[i].b, i);
		KT_EQ(e[i].c, -(int64_t)i);
	}
	KT_ASSERT(e[0].tsc < e[1].tsc && e[1].tsc < e[2].tsc);
}

KTEST(trace_ring_wraps_and_counts_dropped)
{
	unsigned long s = arch_irq_save();
	trace_reset();
	record_marks(TRACE_RING_EVENTS + 100);
	KT_EQ(trace_count(), TRACE_RING_EVENTS);
	KT_EQ(trace_dropped(), 100);
	struct trace_event first, last;
	KT_ASSERT(trace_peek(0, &first));
	KT_ASSERT(trace_peek(TRACE_RING_EVENTS - 1, &last));
	KT_ASSERT(!trace_peek(TRACE_RING_EVENTS, &last) || last.b == TRACE_RING_EVENTS + 99);
	trace_reset();
	KT_EQ(trace_count(), 0);
	KT_EQ(trace_dropped(), 0);
	arch_irq_restore(s);
	KT_EQ(first.b, 100);  /* the 100 oldest were overwritten */
	KT_EQ(last.b, TRACE_RING_EVENTS + 99);
}

static volatile int pong_id, ping_id, done;

static void pong(void *arg)
{
	char buf[16];
	int from;
	ipc_recv_kernel(&from, buf, sizeof(buf));
	done++;
}

static void ping(void *arg)
{
	sched_yield();  /* pong waits in recv */
	ipc_send_kernel(pong_id, "hello", 5);
	done++;
}

/* The index of the first event from @p i on of @p kind with fields a (and b, c when not
 * negative), or -1. */
static int find(unsigned i, enum trace_kind kind, int32_t a, int64_t b, int64_t c)
{
	struct trace_event e;
	for (; trace_peek(i, &e); i++)
		if (e.kind == kind && e.a == a && (b < 0 || e.b == b) && (c < 0 || e.c == c))
			return (int)i;
	return -1;
}

KTEST(trace_records_send_switch_recv)
{
	done = 0;
	trace_reset();
	unsigned long s = arch_irq_save();  /* both exist before either runs; ping goes first */
	ping_id = create_task("tping", ping, 0);
	pong_id = create_task("tpong", pong, 0);
	arch_irq_restore(s);
	for (int i = 0; i < 100 && done < 2; i++)
		sched_sleep_ms(2);
	KT_EQ(done, 2);
	struct trace_event a, b;
	int name = find(0, TRACE_NAME, ping_id, -1, -1);
	KT_ASSERT(name >= 0 && trace_peek((unsigned)name, &a) && a.pid == 0 &&
		  a.name[0] == 't' && a.name[1] == 'p' && a.name[2] == 'i');
	int blk = find(0, TRACE_BLOCK, pong_id, TRACE_WHY_RECV, -1);
	int snd = find(0, TRACE_SEND, ping_id, pong_id, 5);
	int wake = snd < 0 ? -1 : find((unsigned)snd, TRACE_WAKE, pong_id, TRACE_WHY_RECV, -1);
	int sw = snd < 0 ? -1 : find((unsigned)snd, TRACE_SWITCH, ping_id, pong_id, -1);
	int rcv = sw < 0 ? -1 : find((unsigned)sw, TRACE_RECV, pong_id, ping_id, 5);
	int ex = rcv < 0 ? -1 : find((unsigned)rcv, TRACE_EXIT, pong_id, 0, -1);
	KT_ASSERT(blk >= 0 && blk < snd);
	KT_ASSERT(snd >= 0 && wake > snd && sw > wake);
	KT_ASSERT(rcv > sw);
	KT_ASSERT(ex > rcv);
	KT_ASSERT(snd >= 0 && rcv >= 0 && trace_peek((unsigned)snd, &a) &&
		  trace_peek((unsigned)rcv, &b) && a.tsc <= b.tsc);
}

/* The trace channel is the kernel's: ioport() refuses COM2's ports (-EBUSY), not COM1's. */
KTEST(trace_keeps_com2)
{
	KT_ASSERT(arch_io_kept(0x2F8, 8));
	KT_ASSERT(arch_io_kept(0x2FF, 1));
	KT_ASSERT(arch_io_kept(0x2F0, 9));
	KT_ASSERT(!arch_io_kept(0x3F8, 8));
}
