/* fuzz_elf.c - libFuzzer harness for the ELF program checker: any input, no crash, no read
 * outside it, and what it accepts obeys the rules (segments clear of the stack among them). */
#include <kern/elf.h>
#include <kern/ulayout.h>
#include <kern/vm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	if (elf_check(data, size, &img) != 0)
		return 0;
	for (unsigned i = 0; i < img.nsegs; i++) {
		const struct elf_segment *s = &img.seg[i];
		if (s->vaddr < 0x400000 || s->vaddr + s->memsz > 0x800000000000ull ||
		    (s->vaddr < USER_STACK_TOP && s->vaddr + s->memsz > USER_STACK_GUARD) ||
		    s->filesz > s->memsz || s->offset + s->filesz > size ||
		    ((s->flags & VM_WRITE) && (s->flags & VM_EXEC)))
			abort();
	}
	return 0;
}
