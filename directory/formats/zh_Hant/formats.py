# Django's zh_Hant formats group digits in fours with no separator; Hong Kong writes
# "12,345", so thousands are grouped in threes with a comma, as in English.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
