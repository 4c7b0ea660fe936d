drop table "public"."t";

create sequence "public"."example_id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

create table "public"."example" (
    "id" integer default nextval('public.example_id_seq'::regclass) not null,
    "name" text not null
);

alter table "public"."example" add constraint "example_pkey" PRIMARY KEY (id);

alter table "public"."example" enable row level security;

alter table "public"."example" no force row level security;

alter sequence "public"."example_id_seq" owned by "public"."example"."id";

create policy "example_all" on "public"."example" as permissive for all to public using (true);
