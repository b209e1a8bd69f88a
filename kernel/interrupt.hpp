#ifndef XDEPS_INTERRUPT_HPP
#define XDEPS_INTERRUPT_HPP

namespace xdeps
{
    // SIGINT (Jupyter's interrupt) raises KeyboardInterrupt in the running
    // cell and is ignored while the kernel is idle: an interrupt arriving in
    // zmq's poll would otherwise end the kernel. Call once, from the main
    // thread, after Python is initialized.
    void install_interrupt_handling();

    // While alive, SIGINT interrupts the cell being run.
    class interruptible_scope
    {
    public:

        interruptible_scope();
        ~interruptible_scope();

        interruptible_scope(const interruptible_scope&) = delete;
        interruptible_scope& operator=(const interruptible_scope&) = delete;
    };
}

#endif
