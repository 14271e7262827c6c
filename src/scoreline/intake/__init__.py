"""Lead intake that loses nothing.

Every payload (HTTP body, mail, file) is stored raw in the inbox first (`models.Payload`), then
processed once (`processing`): parsed by its format (`formats/`: adf, doorlinken, marktplaats,
jsonlead, all into `formats.parsed.ParsedLead`), imported lead by lead (`importing`) or in bulk
(`bulk`), with a result per lead or row (`models.IntakeResult`). Files in the exchange format
go through `spreadsheet` and `tables`, call logs through `calls`, orders through `sales`, mails
through `mail` and `mailboxes`. HTTP endpoints are `views` over `receiving`; the command line
is `scoreline intake …` and `scoreline import DIR`.
"""
