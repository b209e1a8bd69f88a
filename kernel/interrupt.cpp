#include "interrupt.hpp"

#include <pthread.h>
#include <signal.h>

#include <Python.h>

namespace xdeps
{
    namespace
    {
        pthread_t main_thread;

        void on_interrupt(int)
        {
            // Blocking calls (time.sleep) only wake up in the thread that
            // receives the signal: make sure it is the one running the cell.
            if (!pthread_equal(pthread_self(), main_thread))
            {
                pthread_kill(main_thread, SIGINT);
                return;
            }
            // Async-signal-safe; runs Python's SIGINT handler, which raises
            // KeyboardInterrupt in the cell.
            PyErr_SetInterruptEx(SIGINT);
        }

        void set_disposition(void (*handler)(int))
        {
            struct sigaction action = {};
            action.sa_handler = handler;
            sigemptyset(&action.sa_mask);
            action.sa_flags = 0;  // no SA_RESTART: a sleeping cell must wake up
            sigaction(SIGINT, &action, nullptr);
        }
    }

    void install_interrupt_handling()
    {
        main_thread = pthread_self();
        set_disposition(SIG_IGN);
    }

    interruptible_scope::interruptible_scope()
    {
        set_disposition(on_interrupt);
    }

    interruptible_scope::~interruptible_scope()
    {
        set_disposition(SIG_IGN);
    }
}
