/* abi2_pending.c - TEMPORARY, until the kernel side of ABI v2 calls 16-20 is merged (then
 * syscalls.c has these wrappers and this file goes): the wrappers of calls 16-20 through the
 * library's ordinary entry, mk_call6(). */
#include <abi2_pending.h>

long spawn_with(const char *name, uint64_t rights)
{
	return mk_call6(SYS_spawn_with, (long)name, (long)rights, 0, 0, 0, 0);
}

long ioport(unsigned first, unsigned count)
{
	return mk_call6(SYS_ioport, first, count, 0, 0, 0, 0);
}

long irq_bind(int irq)
{
	return mk_call6(SYS_irq_bind, irq, 0, 0, 0, 0, 0);
}

long irq_ack(int irq)
{
	return mk_call6(SYS_irq_ack, irq, 0, 0, 0, 0, 0);
}

long procinfo(int pid, struct mk_procinfo *out)
{
	return mk_call6(SYS_procinfo, pid, (long)out, 0, 0, 0, 0);
}
