/* qemu-profile.c - a QEMU TCG plugin that counts how often each guest instruction runs inside
 * one window: from the first time the instruction at address `start` runs to the next time the
 * one at `stop` does (both included). At exit it writes one line per instruction that ran in
 * the window, "ADDRESS COUNT" in hex and decimal, to the file `out`. scripts/profile.sh uses
 * it to say where a benchmark loop's instructions go.
 *
 * usage: qemu-system-x86_64 -plugin qemu-profile.so,start=HEX,stop=HEX,out=FILE ...
 *
 * Debian's QEMU runs plugins but ships no qemu-plugin.h, so the few functions of QEMU's plugin
 * API (version 1, QEMU 4.2 and later) used here are declared below. Built by `make profile`
 * with the host's C compiler. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t i);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    void (*cb)(unsigned int vcpu, void *data),
					    enum qemu_plugin_cb_flags flags, void *data);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *),
				    void *data);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

/* One guest instruction: its address and how often it ran in the window. */
struct insn {
	uint64_t addr, count;
	struct insn *next;
};

#define BUCKETS (1u << 20)
static struct insn *table[BUCKETS];
static uint64_t start_addr, stop_addr;
static int window;  /* 0 before, 1 inside, 2 after */
static const char *out_path = "profile.out";

static struct insn *insn_for(uint64_t addr)
{
	size_t h = (size_t)((addr * 0x9E3779B97F4A7C15ull) >> 44);
	for (struct insn *i = table[h]; i; i = i->next)
		if (i->addr == addr)
			return i;
	struct insn *i = calloc(1, sizeof(*i));
	if (!i)
		abort();
	i->addr = addr;
	i->next = table[h];
	table[h] = i;
	return i;
}

static void executed(unsigned int vcpu, void *data)
{
	struct insn *i = data;
	if (window == 0 && i->addr == start_addr)
		window = 1;
	if (window == 1) {
		i->count++;
		if (i->addr == stop_addr)
			window = 2;
	}
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t k = 0; k < n; k++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
		qemu_plugin_register_vcpu_insn_exec_cb(insn, executed, QEMU_PLUGIN_CB_NO_REGS,
						       insn_for(qemu_plugin_insn_vaddr(insn)));
	}
}

static void finished(qemu_plugin_id_t id, void *data)
{
	FILE *f = fopen(out_path, "w");
	if (!f)
		return;
	for (size_t h = 0; h < BUCKETS; h++)
		for (struct insn *i = table[h]; i; i = i->next)
			if (i->count)
				fprintf(f, "%llx %llu\n", (unsigned long long)i->addr,
					(unsigned long long)i->count);
	fclose(f);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
			       char **argv)
{
	for (int k = 0; k < argc; k++) {
		if (!strncmp(argv[k], "start=", 6))
			start_addr = strtoull(argv[k] + 6, NULL, 16);
		else if (!strncmp(argv[k], "stop=", 5))
			stop_addr = strtoull(argv[k] + 5, NULL, 16);
		else if (!strncmp(argv[k], "out=", 4))
			out_path = argv[k] + 4;
	}
	if (!start_addr || !stop_addr)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	qemu_plugin_register_atexit_cb(id, finished, NULL);
	return 0;
}
