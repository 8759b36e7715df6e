"""The data stage: raw sources in, tidy validated tables out.

It imports nothing from the book or publish stages, so the tables can be made and checked
without the presentation code.
"""
