#!/bin/sh
# Writes random secrets for docker-compose.yml into deploy/secrets/ (mode 600), once.
# Bot tokens are left empty: put your Slack/Discord tokens in those files before
# `docker-compose --profile bots up`.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
umask 077
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
[ -s "$dir/postgres_password" ] || rand 24 > "$dir/postgres_password"
[ -s "$dir/database_url" ] || printf 'postgres://yava:%s@postgres:5432/yava' "$(cat "$dir/postgres_password")" > "$dir/database_url"
[ -s "$dir/jwt_secret" ] || rand 48 > "$dir/jwt_secret"
for f in slack_bot_token slack_app_token discord_token; do [ -e "$dir/$f" ] || : > "$dir/$f"; done
echo "secrets in $dir"
