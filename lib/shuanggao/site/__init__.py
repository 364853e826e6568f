"""The site: the Sphinx extension (`sphinx_ext`), the audit of glued numbers (`audit`), the link check (`links`)."""
