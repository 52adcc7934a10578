"""``python -m bot`` (with ``BOT_TEST_NETWORK_GUARD=loopback``, as test runs set it, loopback-only networking)."""

from bot.netguard import install_from_environment

install_from_environment()

from bot.cli import main  # noqa: E402 - after the guard, so nothing imported can reach the network first

if __name__ == "__main__":
    main()
