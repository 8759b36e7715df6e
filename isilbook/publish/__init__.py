"""The publish stage: execute the chapters, compile the site, print the PDF edition."""
