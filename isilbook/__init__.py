"""isilbook: the pipeline behind the ISIL threat report book.

The flow runs one way: raw sources (``data/raw``) are parsed into tidy tables
(``data/*.csv``), validated against their schemas, read by the chapter notebooks
(``book/``), executed by papermill and compiled by Jupyter Book into a static site.
"""

__version__ = "0.1.0"
