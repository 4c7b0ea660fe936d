drop policy "account_managers" on "public"."accounts";

create policy "account_managers" on "public"."accounts" as restrictive for all to "schemainspect_test_role" using ((manager = CURRENT_USER));

alter table "public"."accounts2" enable row level security;

alter table "public"."accounts2" no force row level security;
