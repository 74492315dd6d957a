"""The web app: a Swedish Gradio shell over the core library.

Every tab only parses input, calls one core function and formats the result;
figures come from :mod:`assistant.stats`, answers from :mod:`assistant.answer`.

Example:
    >>> from assistant.web.app import build_app
    >>> demo = build_app()  # doctest: +SKIP
    >>> demo.launch()  # doctest: +SKIP
"""
