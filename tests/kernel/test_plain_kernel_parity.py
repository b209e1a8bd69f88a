"""Behaviour xeus-python 0.14 gets wrong and xdeps fixes, as a plain Python
kernel (ipykernel, and the protocol) has it."""

from notebook import TIMEOUT


def test_getpass_prompts_are_masked(s):
    code = "import getpass\nsecret = getpass.getpass('Secret: ')\nname = input('Name: ')\nprint(len(secret), name)"
    msg = s.nb.kc.session.msg("execute_request", dict(code=code, silent=False, store_history=True,
                                                      user_expressions={}, allow_stdin=True, stop_on_error=True))
    s.nb.kc.shell_channel.send(msg)
    prompts = []
    for answer in ("hunter2", "ada"):
        request = s.nb.kc.get_stdin_msg(timeout=TIMEOUT)
        assert request["msg_type"] == "input_request", request
        prompts.append((request["content"]["prompt"], request["content"].get("password")))
        s.nb.kc.input(answer)
    result = s.nb.collect(msg["header"]["msg_id"])
    assert result.stdout == "7 ada\n", result
    assert prompts == [("Secret: ", True), ("Name: ", False)], prompts


def test_out_follows_the_prompt_after_blank_cells(s):
    s.run("one", "1")
    s.run("blank", "")
    s.run("spaces", "   \n")
    s.run("comment", "# only a comment")
    two = s.run("two", "2")
    n = s.n("two")
    assert two.result == "2"
    check = s.run("check", f"print(_{n}, Out[{n}], In[{n}], _i{n})")
    assert check.stdout == "2 2 2 2\n", check.stdout
    assert s.run("count", "get_ipython().execution_count").result == str(s.n("count"))


def test_exit_asks_the_frontend_as_ipykernel_does(s):
    for word in ("exit", "quit", "exit()"):
        result = s.nb.run(word, cell="exit")
        assert result.status == "ok", result.error
        assert result.reply["content"]["payload"] == [{"source": "ask_exit", "keepkernel": False}], result.reply
    assert s.run("alive", "40 + 2").result == "42"


def test_doctest_testmod_runs_the_notebook_doctests(s):
    s.run("f", '''
        def double(x):
            """
            >>> double(2)
            4
            >>> double(3)
            7
            """
            return 2 * x
    ''')
    result = s.run("test", "import doctest\nprint(doctest.testmod())")
    assert "TestResults(failed=1, attempted=2)" in result.stdout, result.stdout
    assert "Expected:\n    7\nGot:\n    6" in result.stdout, result.stdout
    check = s.run("module", "import inspect, sys\nprint(inspect.ismodule(sys.modules['__main__']), __name__)")
    assert check.stdout == "True __main__\n", check.stdout
