#!/usr/bin/env bash
# Send one event and exit: 0 accepted, 1 rejected by ilert, 2 bad flags, 75 try again later.
exec bin/ilagent event -k il1api-your-integration-key -t ALERT -s 'Disk full on db-1' -i db-1/disk -o LOW \
  -d 'The data volume is 95 % full' -g https://example.com/disk.png -l https://example.com/runbooks/disk
