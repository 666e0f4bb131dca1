/* test_cmdline.c - host unit tests of cmdline_get(). */
#include <lib/cmdline.h>
#include "unit.h"

int main(void)
{
	char v[16];

	CHECK(cmdline_get("/boot/kernel.elf ktest", "ktest", v, sizeof(v)));
	CHECK_STR(v, "");
	CHECK(cmdline_get("a=1 init=hello b", "init", v, sizeof(v)));
	CHECK_STR(v, "hello");
	CHECK(!cmdline_get("initx=1 xinit=2", "init", v, sizeof(v)));
	CHECK(!cmdline_get("", "init", v, sizeof(v)));
	CHECK(cmdline_get("  demo=a   demo=b  ", "demo", v, sizeof(v)));
	CHECK_STR(v, "b");  /* last one wins */
	CHECK(cmdline_get("crash=\tud", "crash", v, sizeof(v)));
	CHECK_STR(v, "");   /* a tab ends the word */
	CHECK(cmdline_get("k=0123456789abcdefXYZ", "k", v, sizeof(v)));
	CHECK_STR(v, "0123456789abcde");  /* cut to fit */
	CHECK(cmdline_get("k=", "k", v, sizeof(v)));
	CHECK_STR(v, "");
	CHECK(cmdline_get("x k=a=b", "k", v, sizeof(v)));
	CHECK_STR(v, "a=b");
	CHECK(cmdline_get("ktest", "ktest", NULL, 0));
	return unit_report("test_cmdline");
}
