"""Presentation shared by the report, the chart and the explorer's pages: labels, glyphs, colours, styles.

Views never import a command module; commands and the explorer import views.
"""
