/* trace_bench.c - the cost of one traced event (--enable-trace; see doc/tracing.md): what each
 * trace point adds to the path it sits on. */
#include <kern/arch.h>
#include <kern/trace.h>
#include "bench.h"

#define EVENTS 10000

BENCH(trace)
{
	trace_reset();
	uint64_t t0 = arch_cycles();
	for (int i = 0; i < EVENTS; i++)
		trace_record(TRACE_EXIT, 0, i, 0);
	uint64_t ticks = arch_cycles() - t0;
	trace_reset();  /* the benchmark's events are no one's */
	bench_report("trace_event", "", ticks / EVENTS);
}
