/* proc.c - user processes: creation from boot modules (with their rights), exit and wait,
 * kill, faults, sbrk, port grants, and what procinfo reports.
 *
 * Critical sections: the process table and the parent/child links change with interrupts
 * off. A process's own memory (sbrk, its address space) is changed only by its own task. */
#include <kern/proc.h>
#include <kern/param.h>
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/elf.h>
#include <kern/errno.h>
#include <kern/frame.h>
#include <kern/ipc.h>
#include <kern/irqline.h>
#include <kern/kmalloc.h>
#include <lib/printk.h>
#include <kern/sched.h>
#include <kern/task.h>
#include <kern/timer.h>
#include <kern/trace.h>
#include <kern/uaccess.h>
#include <lib/id_alloc.h>
#include <lib/string.h>
#include <uapi/syscall.h>

#define FPU_STATE_SIZE 512

struct proc *proc_table[PROC_MAX];  /* slot pid % PROC_MAX */

static bool slot_taken(int pid)
{
	return proc_table[pid % PROC_MAX] != NULL;
}

static struct id_alloc pids = ID_ALLOC_INIT(PROC_MAX);

unsigned proc_count(void)
{
	return pids.count;
}

/* Gives p a pid and its slot. Interrupts off. */
static int pid_alloc(struct proc *p)
{
	int pid = id_alloc_take(&pids, slot_taken);
	if (pid < 0)
		return pid;
	p->pid = pid;
	proc_table[pid % PROC_MAX] = p;
	return pid;
}

/* Empties p's slot. Interrupts off. */
static void pid_free(struct proc *p)
{
	proc_table[p->pid % PROC_MAX] = NULL;
	id_alloc_release(&pids);
}

/* Frees what is left of an ended process: its slot and structure. Interrupts off. */
static void proc_free(struct proc *p)
{
	pid_free(p);
	if (p->parent)
		list_remove(&p->sibling);
	kfree(p);
}

static const struct boot_module *module_find(const char *name)
{
	const struct boot_info *bi = boot_info_get();
	for (size_t i = 0; i < bi->module_count; i++)
		if (!strcmp(bi->modules[i].name, name))
			return &bi->modules[i];
	return NULL;
}

static int map_stack(struct vm_space *vs)
{
	for (uint64_t va = USER_STACK_BOTTOM; va < USER_STACK_TOP; va += PAGE_SIZE) {
		uint64_t pa = frame_alloc();
		if (!pa)
			return -ENOMEM;
		memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
		int err = vm_map_page(vs, va, pa, VM_USER | VM_WRITE | VM_OWNED);
		if (err) {
			frame_free(pa);
			return err;
		}
	}
	return 0;
}

/* Pages the segments of a checked program cover (each page belongs to one segment). */
static uint64_t image_pages(const struct elf_image *img)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		n += (s->vaddr + s->memsz + PAGE_SIZE - 1) / PAGE_SIZE - s->vaddr / PAGE_SIZE;
	}
	return n;
}

/* The address space of a new process: program, stack. Destroyed again on failure. */
static int build_space(struct proc *p, const struct boot_module *m)
{
	struct elf_image img;
	const void *image = arch_phys_to_virt(m->start);
	int err = elf_check(image, m->end - m->start, &img);
	if (err)
		return err;
	if (image_pages(&img) + USER_STACK_PAGES > frame_free_count())
		return -ENOMEM;  /* at once, instead of after taking every free frame */
	if ((err = vm_space_create(&p->vs)) < 0)
		return err;
	if ((err = elf_load(&p->vs, image, &img)) == 0)
		err = map_stack(&p->vs);
	if (err) {
		vm_space_destroy(&p->vs);
		return err;
	}
	p->entry = img.entry;
	p->brk_start = p->brk = (img.end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return 0;
}

/* First code of a process's task: into ring 3. */
static void proc_start(void *arg)
{
	struct proc *p = arg;
	arch_enter_user(&sched_current()->arch, p->entry, USER_STACK_TOP);
}

int proc_spawn(const char *name, struct proc *parent, uint32_t rights)
{
	const struct boot_module *m = module_find(name);
	if (!m)
		return -ENOENT;
	struct proc *p = kzalloc(sizeof(*p));
	void *fpu = kmalloc(FPU_STATE_SIZE);
	int err = p && fpu ? build_space(p, m) : -ENOMEM;
	if (err) {
		kfree(fpu);
		kfree(p);
		return err;
	}
	strlcpy(p->name, name, sizeof(p->name));
	p->rights = rights;
	arch_fpu_init_state(fpu);
	p->fpu_state = fpu;
	list_init(&p->children);
	list_init(&p->sibling);

	/* The task must not run before it knows its process: interrupts stay off until then. */
	unsigned long s = arch_irq_save();
	int pid = pid_alloc(p);
	int id = pid < 0 ? pid : create_task(name, proc_start, p);
	if (id < 0) {
		if (pid > 0)
			pid_free(p);
		arch_irq_restore(s);
		vm_space_destroy(&p->vs);
		kfree(fpu);
		kfree(p);
		return id;
	}
	struct task *t = task_find(id);
	t->proc = p;
	t->arch.page_root = p->vs.root;
	t->arch.fpu_state = fpu;
	p->task = t;
	p->parent = parent;
	if (parent)
		list_push_back(&parent->children, &p->sibling);
	trace_record(TRACE_SPAWN, sched_current_id(), id, pid);
	trace_name(t, pid);
	arch_irq_restore(s);
	return pid;
}

/* Frees the address space, FPU area and I/O permission bitmap of the calling process (its
 * task's stack goes when the task is reaped). With interrupts on, as the program chose the
 * space's size: the task first moves to the kernel's own page tables, so nothing runs on
 * tables being freed. */
static void release_memory(struct task *t, struct proc *p)
{
	kfree(arch_io_bitmap_detach(&t->arch));  /* every port denied again */
	unsigned long s = arch_irq_save();
	t->arch.page_root = 0;
	t->arch.fpu_state = NULL;
	vm_space_activate(vm_kernel_space());
	arch_irq_restore(s);
	vm_space_destroy(&p->vs);
	kfree(p->fpu_state);
	p->fpu_state = NULL;
}

void proc_exit(int status)
{
	struct task *t = sched_current();
	struct proc *p = t->proc;

	trace_exit(t, status);
	release_memory(t, p);
	arch_irq_save();
	irqline_release(p);  /* its lines masked and free for another driver */
	p->cpu_ticks = t->cpu_ticks;
	p->task = NULL;
	p->status = status;

	/* Children become orphans; those already ended go at once. */
	struct list_node *n;
	while ((n = list_pop_front(&p->children)) != NULL) {
		struct proc *c = list_entry(n, struct proc, sibling);
		c->parent = NULL;
		if (c->zombie)
			proc_free(c);
	}
	if (p->pid == 1) {
		printk("init exited with status %d\n", status);
		trace_dump();  /* the trace channel gets the ring at power-off */
		arch_stop(status == 0 ? ARCH_STOP_SUCCESS : ARCH_STOP_FAILURE);
	}
	if (p->parent) {
		p->zombie = true;
		if (p->parent->waiting)
			sched_wake(p->parent->task);
	} else {
		proc_free(p);
	}
	task_exit();
}

void kern_user_return(void)
{
	if (sched_current()->killed)
		proc_exit(MK_STATUS_KILLED);
}

void kern_user_fault(int vector, uint64_t error, uint64_t rip, uint64_t addr)
{
	struct proc *p = proc_current();
	trace_user_fault(vector, addr, error);
	/* The fault came from user mode, so the kernel holds nothing: the report may wait for
	 * the console like any message, instead of cutting into another process's write(). */
	arch_irq_enable();
	if (vector == 14)
		printk("pid %d (%s) killed: %s at rip %#lx, address %#lx, error %#lx\n", p->pid,
		       p->name, arch_exception_name(vector), rip, addr, error);
	else
		printk("pid %d (%s) killed: %s at rip %#lx, error %#lx\n", p->pid, p->name,
		       arch_exception_name(vector), rip, error);
	proc_exit(MK_STATUS_FAULT + vector);
}

/* A child of p matching pid (-1: any) that has ended, or NULL; *any set if one matches. */
static struct proc *ended_child(struct proc *p, int pid, bool *any)
{
	*any = false;
	for (struct list_node *n = p->children.next; n != &p->children; n = n->next) {
		struct proc *c = list_entry(n, struct proc, sibling);
		if (pid != -1 && c->pid != pid)
			continue;
		*any = true;
		if (c->zombie)
			return c;
	}
	return NULL;
}

long proc_wait(int pid, uintptr_t status)
{
	struct proc *p = proc_current();
	if (status && !uaccess_ok(status, sizeof(int), true))
		return -EFAULT;
	unsigned long s = arch_irq_save();
	long ret;
	for (;;) {
		bool any;
		struct proc *c = ended_child(p, pid, &any);
		if (c) {
			int st = c->status;
			ret = c->pid;
			if (status && copy_to_user(status, &st, sizeof(st)) < 0) {
				ret = -EFAULT;  /* the child stays, for a later wait() */
				break;
			}
			proc_free(c);
			break;
		}
		if (!any) {
			ret = -ECHILD;
			break;
		}
		p->waiting = true;
		ret = sched_block_current_irqoff();
		p->waiting = false;
		if (ret < 0)
			break;  /* killed */
	}
	arch_irq_restore(s);
	return ret;
}

long proc_kill(int pid)
{
	unsigned long s = arch_irq_save();
	struct proc *c = proc_find_live(pid);
	long ret = !c ? -ESRCH : c->parent != proc_current() ? -EPERM : 0;
	if (!ret)
		sched_kill(c->task);
	arch_irq_restore(s);
	return ret;
}

/* sbrk: the break may move between brk_start and the stack's guard gap. */
#define BRK_LIMIT (USER_STACK_BOTTOM - (1ull << 30))

long proc_sbrk(int64_t increment)
{
	struct proc *p = proc_current();
	uint64_t old = p->brk, new_brk = old + (uint64_t)increment;
	if (increment < 0 && (uint64_t)-increment > old - p->brk_start)
		return -EINVAL;
	if (increment > 0 && ((uint64_t)increment > BRK_LIMIT || new_brk > BRK_LIMIT))
		return -ENOMEM;
	uint64_t old_top = (old + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t new_top = (new_brk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	/* A request that cannot fit fails at once, instead of zeroing all of memory first. */
	if (new_top > old_top && (new_top - old_top) / PAGE_SIZE > frame_free_count())
		return -ENOMEM;
	/* Bytes between the old break and its page's end may hold what an earlier, larger
	 * break left there; new memory reads as zero. */
	if (new_brk > old && old < old_top) {
		uint64_t pa;
		uint64_t end = new_brk < old_top ? new_brk : old_top;
		if (vm_translate(&p->vs, old, &pa, 0) == 0)
			memset(arch_phys_to_virt(pa), 0, end - old);
	}
	/* Growing maps zeroed frames at once (on error vm_map_new() leaves nothing mapped);
	 * shrinking gives the pages back. */
	if (new_top > old_top &&
	    vm_map_new(&p->vs, old_top, new_top, VM_USER | VM_WRITE, true) < 0)
		return -ENOMEM;
	if (new_top < old_top)
		vm_unmap_range(&p->vs, new_top, old_top);
	p->brk = new_brk;
	return (long)old;
}

long proc_ioport(uint64_t first, uint64_t count)
{
	struct arch_task *t = &sched_current()->arch;
	if (!(proc_current()->rights & MK_RIGHT_IO))
		return -EPERM;
	if (count == 0 || first > MK_PORT_MAX || count > MK_PORT_MAX + 1 - first)
		return -EINVAL;
	if (arch_io_kept((unsigned)first, (unsigned)count))
		return -EBUSY;
	if (!t->io_bitmap) {
		void *map = kmalloc(ARCH_IO_BITMAP_SIZE);
		if (!map)
			return -ENOMEM;
		arch_io_bitmap_attach(t, map);
	}
	arch_io_grant(t, (unsigned)first, (unsigned)count);
	return 0;
}

/* The existing process with the smallest pid >= pid, or NULL. Interrupts off. */
static struct proc *proc_next(int64_t pid)
{
	struct proc *best = NULL;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = proc_table[i];
		if (p && p->pid >= pid && (!best || p->pid < best->pid))
			best = p;
	}
	return best;
}

/* What p is doing, as procinfo says it (MK_PS_*). A task blocked for none of the waits the
 * ABI names (a write waiting for the console, a wake-up on its way) is as good as ready. */
static uint32_t proc_state(const struct proc *p)
{
	const struct task *t = p->task;
	if (!t)
		return MK_PS_ENDED;
	if (t == sched_current())
		return MK_PS_RUNNING;
	if (t->state == TASK_SLEEPING)
		return MK_PS_SLEEP;
	if (t->state != TASK_BLOCKED)
		return MK_PS_READY;
	if (p->waiting)
		return MK_PS_WAIT;
	switch (t->ipc.wait_for) {
	case IPC_WAIT_SEND:
		return MK_PS_SEND;
	case IPC_WAIT_RECV:
		return MK_PS_RECV;
	case IPC_WAIT_REPLY:
		return MK_PS_REPLY;
	default:
		return MK_PS_READY;
	}
}

long proc_info(int64_t pid, struct mk_procinfo *out)
{
	unsigned long s = arch_irq_save();
	struct proc *p = proc_next(pid > 0 ? pid : 1);
	if (p) {
		uint64_t ticks = p->task ? p->task->cpu_ticks : p->cpu_ticks;
		*out = (struct mk_procinfo){
			.pid = p->pid,
			.parent = p->parent ? p->parent->pid : 0,
			.state = proc_state(p),
			.rights = p->rights,
			.frames = p->task ? p->vs.frames : 0,
			.cpu_ms = ticks * 1000 / TIMER_HZ,
		};
		strlcpy(out->name, p->name, sizeof(out->name));
	}
	arch_irq_restore(s);
	return p ? p->pid : -ESRCH;
}
