"""jixiao's Gradio UI: pages that only wire the core (assistant/) to widgets.

    ui.services  the shared objects (settings, knowledge store, Drafter, SessionStore, login)
    ui.handlers  plain functions behind the 起草 page, testable without a browser
    ui.app       build_app(services) -> gr.Blocks, launch(services, host, port)
"""
